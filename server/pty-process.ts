/**
 * One shell in a pseudo-terminal (node-pty), with the two things node-pty leaves to us: ending the
 * whole process tree (SIGHUP, then SIGKILL after a grace period) and not losing output a process
 * wrote just before it exited.
 */
import { closeSync, constants, openSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { type IPty, spawn } from 'node-pty'
import { BASHRC_PATH } from './config.ts'
import type { TerminalSize } from './protocol.ts'

export interface PtyProcessOptions extends TerminalSize {
  cwd: string
  /** Folder name shown in the prompt. */
  demoName: string
  env?: NodeJS.ProcessEnv
}

export interface PtyExit {
  exitCode: number
  signal?: number
}

/** Pids of every process whose session id is `sid` (the shell runs as a session leader). */
export async function processesInSession(sid: number): Promise<number[]> {
  const pids: number[] = []
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry))
      continue
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '')
    // Fields after the ")" that closes the command name: state ppid pgrp session ...
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (Number(fields[3]) === sid)
      pids.push(Number(entry))
  }
  return pids
}

function signalAll(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal)
    }
    catch { /* already gone */ }
  }
}

export class PtyProcess {
  readonly pid: number
  private readonly pty: IPty
  private paused = false
  private slaveFd: number | undefined
  private exited: PtyExit | undefined
  private readonly exitWaiters: Array<(exit: PtyExit) => void> = []

  constructor(options: PtyProcessOptions, onData: (data: Buffer) => void, onExit: (exit: PtyExit) => void) {
    this.pty = spawn('bash', ['--noprofile', '--rcfile', BASHRC_PATH, '-i'], {
      name: 'xterm-256color',
      cols: options.cols,
      rows: options.rows,
      cwd: options.cwd,
      env: { ...(options.env ?? process.env), TERM: 'xterm-256color', DEMO_NAME: options.demoName },
      // Raw bytes, not strings: output reaches clients byte for byte, and nothing is decoded twice.
      encoding: null,
    })
    this.pid = this.pty.pid
    this.keepOutputAfterExit()
    this.pty.onData(data => onData(data as unknown as Buffer))
    this.pty.onExit(({ exitCode, signal }) => {
      this.exited = { exitCode, signal: signal || undefined }
      onExit(this.exited)
      for (const resolve of this.exitWaiters.splice(0))
        resolve(this.exited)
    })
  }

  /**
   * Output a process writes just before it exits must still arrive. node-pty reads the pty with
   * non-blocking reads that hit end-of-file as soon as the last slave fd closes, and the final
   * kilobytes still in the kernel are lost (seen with `exec seq 1 1000000`: ~10 kB short). So we
   * hold a slave fd ourselves: the read side never ends early. When the shell has exited, node-pty
   * waits up to 200 ms for the stream to end and then destroys it; we intercept that destroy,
   * release our slave fd, let the stream drain to its natural end, and destroy it only if a
   * background process keeps the pty open.
   */
  private keepOutputAfterExit(): void {
    const internals = this.pty as unknown as { _pty?: string; _socket?: { destroy: (...args: unknown[]) => unknown; resume: () => void; once: (event: string, listener: () => void) => void } }
    const socket = internals._socket
    if (!socket || !internals._pty)
      return
    try {
      this.slaveFd = openSync(internals._pty, constants.O_RDWR | constants.O_NOCTTY)
    }
    catch {
      return
    }
    socket.once('close', () => this.releaseSlave())
    const destroy = socket.destroy.bind(socket)
    let deferred = false
    socket.destroy = (...args: unknown[]) => {
      if (deferred || this.slaveFd === undefined)
        return destroy(...args)
      deferred = true
      this.releaseSlave()
      this.paused = false
      socket.resume()
      setTimeout(() => destroy(...args), 3000).unref()
      return socket
    }
  }

  private releaseSlave(): void {
    if (this.slaveFd !== undefined) {
      try {
        closeSync(this.slaveFd)
      }
      catch { /* already closed */ }
      this.slaveFd = undefined
    }
  }

  get hasExited(): boolean {
    return this.exited !== undefined
  }

  write(data: string | Uint8Array): void {
    if (!this.exited)
      this.pty.write(typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength))
  }

  resize(size: TerminalSize): void {
    if (!this.exited) {
      try {
        this.pty.resize(size.cols, size.rows)
      }
      catch { /* the pty closed between the check and the call */ }
    }
  }

  pause(): void {
    if (!this.paused && !this.exited) {
      this.paused = true
      this.pty.pause()
    }
  }

  resume(): void {
    if (this.paused) {
      this.paused = false
      this.pty.resume()
    }
  }

  /** Ends every process in the shell's session: SIGHUP, then SIGKILL after `graceMs`. Resolves on exit. */
  async kill(graceMs: number): Promise<PtyExit> {
    const exited = this.exited
      ? Promise.resolve(this.exited)
      : new Promise<PtyExit>(resolve => this.exitWaiters.push(resolve))
    this.resume()
    signalAll(await processesInSession(this.pid), 'SIGHUP')
    // Children that ignore SIGHUP (nohup, trap) or outlive the shell get SIGKILL after the grace period.
    const deadline = Date.now() + graceMs
    let left = await processesInSession(this.pid)
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 50))
      left = await processesInSession(this.pid)
    }
    signalAll(left, 'SIGKILL')
    // Nothing of the session is left to write output: let the pty's read side end now.
    if (left.length === 0)
      this.releaseSlave()
    const timeout = new Promise<PtyExit>(resolve => setTimeout(() => resolve({ exitCode: -1, signal: 9 }), 5000).unref())
    return Promise.race([exited, timeout])
  }
}
