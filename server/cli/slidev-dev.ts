/**
 * Runs the Slidev dev server as a child process, for `npm start` and the browser tests.
 *
 * Slidev's dev CLI exits when its stdin closes, and with a TTY on stdin it takes raw keypresses
 * (so Ctrl+C would never reach us as a signal): stdin is therefore a pipe we keep open and never
 * write to. The child gets its own process group so stopping it also stops whatever Vite spawned.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const SLIDEV_BIN = path.join(REPO_ROOT, 'node_modules/@slidev/cli/bin/slidev.mjs')

export interface SlidevDevOptions {
  /** Folder holding slides.md (and components/); Slidev's user root. @default the repo root */
  root?: string
  port: number
  /** Extra environment, e.g. VITE_DEMO_SERVER_URL and VITE_DEMO_TOKEN. */
  env?: Record<string, string>
  /** Where Slidev's output lines go. @default dropped */
  log?: (line: string) => void
  /** Slidev/Vite log level. @default 'warn' (Slidev's default) */
  logLevel?: 'error' | 'warn' | 'info' | 'silent'
  /** How long to wait until it serves, in ms. @default 180000 (a cold compile on 2 cores is slow) */
  startTimeoutMs?: number
}

export interface SlidevDev {
  /** http://localhost:PORT (Slidev listens on localhost only). */
  url: string
  child: ChildProcess
  /** Stops Slidev and its process group; resolves once it has exited. */
  stop: () => Promise<void>
}

export async function startSlidevDev(options: SlidevDevOptions): Promise<SlidevDev> {
  const root = options.root ?? REPO_ROOT
  const child = spawn(process.execPath, [SLIDEV_BIN, '--port', String(options.port), '--open', 'false', '--log', options.logLevel ?? 'warn'], {
    cwd: root,
    env: { ...process.env, ...options.env, FORCE_COLOR: '0' },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  })
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  const log = options.log ?? (() => {})
  for (const stream of [child.stdout, child.stderr])
    stream?.setEncoding('utf8').on('data', (chunk: string) => chunk.split('\n').filter(Boolean).forEach(line => log(line)))

  let stopped = false
  const stop = async () => {
    if (stopped)
      return exited
    stopped = true
    if (child.exitCode === null && child.signalCode === null) {
      signalGroup(child, 'SIGTERM')
      const forced = setTimeout(() => signalGroup(child, 'SIGKILL'), 5000)
      await exited
      clearTimeout(forced)
    }
    child.stdin?.destroy()
  }

  const url = `http://localhost:${options.port}`
  try {
    await waitUntilServing(url, child, options.startTimeoutMs ?? 180_000)
  }
  catch (error) {
    await stop()
    throw error
  }
  return { url, child, stop }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal)
  }
  catch {
    // Already gone.
  }
}

async function waitUntilServing(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`slidev exited (${child.exitCode ?? child.signalCode}) before serving ${url}`)
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) })
      if (response.ok)
        return
    }
    catch {
      // Not listening yet.
    }
    await new Promise(resolve => setTimeout(resolve, 500))
  }
  throw new Error(`slidev did not serve ${url} within ${timeoutMs} ms`)
}
