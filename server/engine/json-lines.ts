/**
 * Splits the engine's /events stream into JSON values. The engine writes one JSON object and a
 * newline per event (Go's json.Encoder), but HTTP chunks need not end on those lines: a chunk may
 * hold half an event or several, so text is kept until its newline arrives.
 */
import { EngineErrorCode } from '../protocol.ts'
import { EngineError } from './engine-error.ts'

/** Longest line we buffer; an event is well under 4 KB, so more means the stream is not events. */
const MAX_LINE_LENGTH = 1_000_000

export class JsonLineSplitter {
  private pending = ''

  /** Takes the next decoded text of the stream and returns the values it completes, in order. */
  push(text: string): unknown[] {
    const lines = (this.pending + text).split('\n')
    this.pending = lines.pop() ?? ''
    if (this.pending.length > MAX_LINE_LENGTH)
      throw new EngineError(EngineErrorCode.BadResponse, `an event line is longer than ${MAX_LINE_LENGTH} characters`)
    return lines.filter(line => line.trim()).map(parseLine)
  }

  /** Text left after the last newline (a stream that ended mid-event). */
  get rest(): string {
    return this.pending
  }
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line)
  }
  catch {
    throw new EngineError(EngineErrorCode.BadResponse, `the event stream sent a line that is not JSON: ${line.slice(0, 80)}`)
  }
}
