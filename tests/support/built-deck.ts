/**
 * One `slidev build` and one `slidev export` per test run, shared by every test file that needs
 * them (vitest runs each file in its own child process, so the cache is a folder, keyed by the
 * runner's pid: $TMPDIR/docker-overview-live-deck-<ppid>/). The first file to ask builds; the
 * others wait for its result. Folders of runs that have ended are removed on the way.
 * The folder is outside the repo on purpose: Slidev's dev server (which `slidev export` starts)
 * watches the repo and reloads the page it is printing when files appear there.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { chromiumPath } from './requirements.ts'

const run = promisify(execFile)
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const TMP = tmpdir()
const SLIDEV = path.join(REPO, 'node_modules/.bin/slidev')
/** Same for every test file of one `npm test` run; override to share across runs on purpose. */
const KEY = process.env.DECK_BUILD_KEY ?? String(process.ppid)
export const BUILD_DIR = path.join(TMP, `docker-overview-live-deck-${KEY}`)

export interface ProductResult {
  /** The built dist/ folder or the exported PDF. */
  path: string
  /** What slidev printed (stdout and stderr). */
  output: string
  /** Set when the command failed. */
  error?: string
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  }
  catch {
    return false
  }
}

async function removeStale(): Promise<void> {
  for (const name of await readdir(TMP).catch(() => [] as string[])) {
    const pid = Number(name.match(/^docker-overview-live-deck-(\d+)$/)?.[1])
    if (pid && !alive(pid) && path.join(TMP, name) !== BUILD_DIR)
      await rm(path.join(TMP, name), { recursive: true, force: true })
  }
}

/**
 * Runs `produce` once per run under `name`: a lock folder (mkdir is atomic) says who produces it,
 * a JSON result file says it is done.
 */
async function once(name: string, produce: () => Promise<ProductResult>): Promise<ProductResult> {
  await mkdir(BUILD_DIR, { recursive: true })
  const resultFile = path.join(BUILD_DIR, `${name}.json`)
  const lock = path.join(BUILD_DIR, `${name}.lock`)
  const deadline = Date.now() + 15 * 60_000
  while (Date.now() < deadline) {
    if (existsSync(resultFile))
      return JSON.parse(await readFile(resultFile, 'utf8')) as ProductResult
    try {
      await mkdir(lock)
    }
    catch {
      await new Promise(resolve => setTimeout(resolve, 500))
      continue
    }
    await removeStale()
    const result = await produce()
    await writeFile(resultFile, JSON.stringify(result))
    return result
  }
  throw new Error(`gave up waiting for another test process to produce the deck's ${name}`)
}

async function slidev(args: string[], timeout: number): Promise<{ output: string, error?: string }> {
  try {
    const { stdout, stderr } = await run(SLIDEV, args, { cwd: REPO, timeout, maxBuffer: 64 << 20 })
    return { output: `${stdout}\n${stderr}` }
  }
  catch (error) {
    const failure = error as { stdout?: string, stderr?: string, message: string }
    return { output: `${failure.stdout ?? ''}\n${failure.stderr ?? ''}`, error: failure.message }
  }
}

/** `slidev build` of the real deck into <cache>/dist (public/casts included). */
export function builtDeck(): Promise<ProductResult> {
  return once('build', async () => {
    const dist = path.join(BUILD_DIR, 'dist')
    return { path: dist, ...await slidev(['build', '--out', dist], 300_000) }
  })
}

/** `slidev export` of the real deck (one page per slide, print mode) into <cache>/deck.pdf. */
export function exportedDeck(): Promise<ProductResult> {
  return once('export', async () => {
    const pdf = path.join(BUILD_DIR, 'deck.pdf')
    const args = ['export', '--executable-path', chromiumPath()!, '--timeout', '240000', '--output', pdf]
    // Chromium aborts loads when Docker changes network interfaces; one retry absorbs that.
    const first = await slidev(args, 270_000)
    return { path: pdf, ...(first.error ? await slidev(args, 270_000) : first) }
  })
}
