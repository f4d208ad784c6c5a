/**
 * Runs Debian's asciinema CLI on a cast. `asciinema cat` opens /dev/tty (to put it in raw mode), so
 * it fails without a controlling terminal, as in CI: it is started inside a pty (node-pty) with its
 * stdout redirected to a file, which keeps the bytes exactly as asciinema wrote them.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { spawn } from 'node-pty'
import type { Requirement } from '../support/requirements.ts'

const run = promisify(execFile)

export async function asciinemaAvailability(): Promise<Requirement> {
  try {
    await run('asciinema', ['--version'], { timeout: 10_000 })
    return { ok: true, reason: '' }
  }
  catch {
    return { ok: false, reason: 'the asciinema CLI is not installed (apt-get install asciinema)' }
  }
}

export interface CatResult {
  exitCode: number
  stdout: string
  /** What asciinema printed on the terminal itself (errors). */
  terminal: string
}

export async function asciinemaCat(file: string): Promise<CatResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'asciinema-cat-'))
  const out = path.join(dir, 'stdout')
  try {
    const pty = spawn('bash', ['-c', 'asciinema cat "$1" > "$2"', 'asciinema-cat', file, out], {
      cols: 200, rows: 50, cwd: dir, env: { ...process.env, TERM: 'xterm-256color' },
    })
    let terminal = ''
    pty.onData((data) => { terminal += data })
    const exitCode = await new Promise<number>((resolve) => {
      const timer = setTimeout(() => pty.kill('SIGKILL'), 60_000)
      pty.onExit(({ exitCode }) => {
        clearTimeout(timer)
        resolve(exitCode)
      })
    })
    return { exitCode, stdout: await readFile(out, 'utf8').catch(() => ''), terminal }
  }
  finally {
    await rm(dir, { recursive: true, force: true })
  }
}
