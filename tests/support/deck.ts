/**
 * A small deck for browser tests: a demo server on a random port and a Slidev dev server serving a
 * fixture slides.md written at test time into tests/.tmp/deck-<pid>-<n>/. The fixture links the
 * repo's real components/ and setup/ (which provides the deck state the components inject), so the
 * tests exercise them without depending on the talk's slides.md.
 * Everything is torn down by `close()`.
 */
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import path from 'node:path'
import { type DemoServer, startDemoServer } from '../../server/demo-server.ts'
import { REPO_ROOT, type SlidevDev, startSlidevDev } from '../../server/cli/slidev-dev.ts'

export interface DeckOptions {
  /** The fixture's slides.md. */
  slides: string
  /** Demo folders to create (name → files in it); the demo server's root is this fixture's demos/. */
  demos: Record<string, Record<string, string>>
}

export interface Deck {
  /** http://localhost:PORT of the Slidev dev server. */
  url: string
  server: DemoServer
  slidev: SlidevDev
  /** The fixture's demos folder (commands run inside demos/<name>/). */
  demosRoot: string
  /** Every Attach the server received (session ids in order), to prove which renders opened sessions. */
  attaches: string[]
  /** Every line the demo server logged, for assertions and for failure messages. */
  serverLog: string[]
  slidevLog: string[]
  close: () => Promise<void>
}

let fixtures = 0

export async function startDeck(options: DeckOptions): Promise<Deck> {
  const dir = path.join(REPO_ROOT, 'tests/.tmp', `deck-${process.pid}-${fixtures++}`)
  await rm(dir, { recursive: true, force: true })
  const demosRoot = path.join(dir, 'demos')
  for (const [name, files] of Object.entries(options.demos)) {
    await mkdir(path.join(demosRoot, name), { recursive: true })
    for (const [file, text] of Object.entries(files))
      await writeFile(path.join(demosRoot, name, file), text)
  }
  await writeFile(path.join(dir, 'slides.md'), options.slides)
  await symlink(path.join(REPO_ROOT, 'components'), path.join(dir, 'components'), 'dir')
  await symlink(path.join(REPO_ROOT, 'setup'), path.join(dir, 'setup'), 'dir')
  // The repo's Vite settings (pre-bundled terminal libraries) plus a cache of our own, so a dev
  // server someone else runs on the real deck does not share our optimized-deps folder.
  await writeFile(path.join(dir, 'vite.config.ts'), [
    `import base from '../../../vite.config.ts'`,
    `export default { ...base, cacheDir: ${JSON.stringify(path.join(REPO_ROOT, 'tests/.tmp/vite-cache'))} }`,
    '',
  ].join('\n'))

  const port = await freePort()
  const origins = [`http://localhost:${port}`, `http://127.0.0.1:${port}`]
  const serverLog: string[] = []
  const slidevLog: string[] = []
  const server = await startDemoServer({
    port: 0,
    allowedOrigins: origins,
    demosRoot,
    log: (level, message) => serverLog.push(`${level} ${message}`),
  })
  // Observed at the registry, the one place every attach passes through, without changing its behaviour.
  const attaches: string[] = []
  const attach = server.registry.attach.bind(server.registry)
  server.registry.attach = (client, request) => {
    attaches.push(request.session)
    return attach(client, request)
  }
  let slidev: SlidevDev
  try {
    slidev = await startSlidevDev({
      root: dir,
      port,
      env: { VITE_DEMO_SERVER_URL: server.url, VITE_DEMO_TOKEN: server.token },
      log: line => slidevLog.push(line),
      logLevel: 'info',
    })
  }
  catch (error) {
    await server.close()
    throw new Error(`${(error as Error).message}\n${slidevLog.slice(-30).join('\n')}`)
  }

  return {
    url: slidev.url,
    server,
    slidev,
    demosRoot,
    attaches,
    serverLog,
    slidevLog,
    async close() {
      await Promise.allSettled([slidev.stop(), server.close()])
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** A port nobody listens on right now (Slidev needs a fixed port to be told; Vite would pick another). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

/** The part of a Playwright page `openDeckPage` needs (kept structural so this file needs no browser types). */
interface DeckPage {
  goto: (url: string, options: { timeout: number, waitUntil: 'load' }) => Promise<unknown>
  waitForSelector: (selector: string, options: { state: 'attached', timeout: number }) => Promise<unknown>
}

/**
 * Opens a deck route and waits until Slidev has rendered a slide, reloading when it has not.
 * Why: on this machine Docker adds and removes veth interfaces while other tests run, and Chromium
 * then aborts in-flight requests with ERR_NETWORK_CHANGED (a half-loaded Vite app stays blank); a
 * cold Vite dep optimization can also reload the page once. Neither is what the tests are about.
 */
export async function openDeckPage(page: DeckPage, url: string, ready = '.slidev-page', attempts = 5): Promise<void> {
  let lastError: unknown
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      // Each try is bounded well inside a test's budget, so a load that hangs is retried rather than
      // eating the whole test timeout (seen once in CI: a goto that never reached 'load').
      await page.goto(url, { timeout: attempt === 1 ? 90_000 : 45_000, waitUntil: 'load' })
      // Attached, not visible: the first slide element in the DOM may be a hidden neighbour slide.
      await page.waitForSelector(ready, { state: 'attached', timeout: attempt === 1 ? 60_000 : 30_000 })
      return
    }
    catch (error) {
      lastError = error
    }
  }
  throw new Error(`${url} did not render after ${attempts} attempts: ${(lastError as Error).message}`)
}
