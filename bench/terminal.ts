/**
 * What every bench subject (our server, wetty, raw node-pty) offers the measurements: a terminal
 * you can type into and whose output you can watch, count and stop reading.
 */
import { COMMAND_DONE_PREFIX } from '../server/shell/prompt-marker.ts'
import { now } from './stats.ts'

export type Chunk = Uint8Array | string

export interface BenchTerminal {
  /** Sends keystrokes. */
  write(text: string): void
  /** Calls `listener` for every output chunk; returns a function that removes it. */
  onData(listener: (chunk: Chunk) => void): () => void
  /** Runs a command through the server's own Run request (ours only); resolves when the run is over. */
  runCommand?(command: string): Promise<void>
  /** Output bytes (or characters, for wetty's strings) received so far. */
  readonly received: number
  /** Stops reading the connection and acknowledging output, like a frozen browser tab. */
  stopReading(): void
  close(): Promise<void>
}

export interface BenchSubject {
  readonly name: SubjectName
  /** The process whose memory counts as the server's. */
  readonly pid: number
  /** Opens a terminal on a (new or existing) session; resolves once the shell can take input. */
  open(options: { session: string; viewer?: boolean }): Promise<BenchTerminal>
  close(): Promise<void>
}

export type SubjectName = 'ours' | 'wetty' | 'raw'

/** The invisible "command finished" marker our bashrc prints (all subjects run that bashrc). */
export const PROMPT_MARKER = COMMAND_DONE_PREFIX

/**
 * Resolves with the time (performance.now) at which `needle` appears in the output after this call.
 * Matches across chunk boundaries without keeping the whole stream.
 */
export function waitForText(terminal: BenchTerminal, needle: string, timeoutMs = 30_000): Promise<number> {
  const bytes = Buffer.from(needle, 'latin1')
  let tail = Buffer.alloc(0)
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off()
      reject(new Error(`no ${JSON.stringify(needle)} in the output within ${timeoutMs} ms`))
    }, timeoutMs)
    const off = terminal.onData((chunk) => {
      const data = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk as Buffer
      const joined = tail.length > 0 ? Buffer.concat([tail, data.subarray(0, bytes.length)]) : undefined
      if ((joined && joined.indexOf(bytes) !== -1) || Buffer.prototype.indexOf.call(data, bytes) !== -1) {
        clearTimeout(timer)
        off()
        resolve(now())
        return
      }
      tail = Buffer.from(data.subarray(Math.max(0, data.length - bytes.length + 1)))
    })
  })
}

/** Resolves with the arrival time of the next output chunk. */
export function nextChunk(terminal: BenchTerminal, timeoutMs = 10_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off()
      reject(new Error(`no output within ${timeoutMs} ms`))
    }, timeoutMs)
    const off = terminal.onData(() => {
      clearTimeout(timer)
      off()
      resolve(now())
    })
  })
}

/** A listener list with the unsubscribe function the interface promises. */
export class Listeners {
  private readonly list = new Set<(chunk: Chunk) => void>()
  add(listener: (chunk: Chunk) => void): () => void {
    this.list.add(listener)
    return () => this.list.delete(listener)
  }

  emit(chunk: Chunk): void {
    for (const listener of this.list)
      listener(chunk)
  }
}
