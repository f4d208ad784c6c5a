/**
 * asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/): a JSON header line, then one JSON
 * array per event, `[seconds, code, data]`. We write "o" (output), "m" (marker, labelled with a demo
 * step id) and "r" (resize, "COLSxROWS") events, and read any code so casts from elsewhere still load.
 * Imported by the recorder (Node) and the slide player (browser), so no `node:` or DOM imports here.
 */
import { ErrorCode } from '../protocol.ts'

export interface CastHeader {
  version: 2
  width: number
  height: number
  /** Unix time (seconds) when the recording started. */
  timestamp?: number
  title?: string
  /** Seconds; players shorten longer pauses to this. */
  idle_time_limit?: number
  env?: { TERM?: string, SHELL?: string }
  /** `docker version --format {{.Server.Version}}` of the engine the demo ran against. */
  docker_server?: string
  [extra: string]: unknown
}

export type CastEventCode = 'o' | 'i' | 'm' | 'r' | (string & {})
export type CastEvent = [time: number, code: CastEventCode, data: string]

export interface Cast {
  header: CastHeader
  events: CastEvent[]
}

export class CastFormatError extends Error {
  readonly code = ErrorCode.BadCast
  constructor(readonly line: number, message: string) {
    super(`asciicast line ${line}: ${message}`)
    this.name = 'CastFormatError'
  }
}

function parseLine(text: string, line: number): unknown {
  try {
    return JSON.parse(text)
  }
  catch {
    throw new CastFormatError(line, 'is not valid JSON')
  }
}

function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0
}

/** Parses a whole cast; throws {@link CastFormatError} naming the first bad line. */
export function parseCast(text: string): Cast {
  const lines = text.split('\n')
  const header = parseLine(lines[0] ?? '', 1) as CastHeader
  if (typeof header !== 'object' || header === null || Array.isArray(header) || header.version !== 2)
    throw new CastFormatError(1, 'header must be a JSON object with "version": 2')
  if (!isPositiveInt(header.width) || !isPositiveInt(header.height))
    throw new CastFormatError(1, 'header needs positive integer "width" and "height"')
  const events: CastEvent[] = []
  let last = 0
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '')
      continue
    const event = parseLine(lines[i], i + 1)
    if (!Array.isArray(event) || event.length !== 3 || typeof event[0] !== 'number' || typeof event[1] !== 'string'
      || typeof event[2] !== 'string')
      throw new CastFormatError(i + 1, 'an event must be [seconds, "code", "data"]')
    if (event[0] < last)
      throw new CastFormatError(i + 1, `time ${event[0]} goes back before ${last}`)
    last = event[0]
    events.push(event as CastEvent)
  }
  return { header, events }
}

/** Times are kept to the microsecond, like asciinema's own recorder. */
function roundTime(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6
}

export function formatHeader(header: CastHeader): string {
  return JSON.stringify(header)
}

export function formatEvent(event: CastEvent): string {
  return JSON.stringify([roundTime(event[0]), event[1], event[2]])
}

/** A cast as file text: header line, event lines, trailing newline. */
export function formatCast(cast: Cast): string {
  return [formatHeader(cast.header), ...cast.events.map(formatEvent)].join('\n') + '\n'
}

/** Everything the cast printed, in order: what `asciinema cat` writes to stdout. */
export function castOutput(cast: Cast): string {
  return cast.events.filter(e => e[1] === 'o').map(e => e[2]).join('')
}

export function castMarkers(cast: Cast): Array<{ time: number, label: string, index: number }> {
  return cast.events.flatMap((e, index) => (e[1] === 'm' ? [{ time: e[0], label: e[2], index }] : []))
}

export interface CastWriterOptions {
  /** Milliseconds on a monotonic clock. @default performance.now */
  clock?: () => number
}

/**
 * Turns a live byte stream into cast lines as it arrives. Each line goes to `sink` at once (a file
 * stream for live talks, an array for `npm run record`). Output is decoded with one streaming
 * TextDecoder, so a multibyte character split across two chunks becomes one character, not two
 * replacement marks.
 */
export class CastWriter {
  private readonly clock: () => number
  private readonly start: number
  private readonly decoder = new TextDecoder('utf-8')
  private lastTime = 0
  private ended = false

  constructor(readonly header: CastHeader, private readonly sink: (line: string) => void, options: CastWriterOptions = {}) {
    this.clock = options.clock ?? (() => performance.now())
    this.start = this.clock()
    this.sink(formatHeader(header))
  }

  /** Seconds since the writer started; never goes back. */
  private now(): number {
    this.lastTime = Math.max(this.lastTime, roundTime((this.clock() - this.start) / 1000))
    return this.lastTime
  }

  private emit(code: CastEventCode, data: string): void {
    if (!this.ended)
      this.sink(formatEvent([this.now(), code, data]))
  }

  output(bytes: Uint8Array | string): void {
    const text = typeof bytes === 'string' ? bytes : this.decoder.decode(bytes, { stream: true })
    if (text !== '')
      this.emit('o', text)
  }

  /** A half-decoded character stays pending: it belongs to output that continues after the marker. */
  marker(label: string): void {
    this.emit('m', label)
  }

  resize(cols: number, rows: number): void {
    this.emit('r', `${cols}x${rows}`)
  }

  /** Writes out a dangling partial character (as U+FFFD) and stops accepting events. */
  end(): void {
    this.flushDecoder()
    this.ended = true
  }

  private flushDecoder(): void {
    const rest = this.decoder.decode()
    if (rest !== '')
      this.emit('o', rest)
  }
}
