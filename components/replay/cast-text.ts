/**
 * A cast's screen as plain text: the events written at once into a terminal that is never shown,
 * then its buffer read back. Used for print/PDF export (a <pre> instead of a canvas) and by tests
 * to know what a terminal should show. The terminal comes from the caller: @xterm/xterm unopened in
 * the browser, @xterm/headless in Node; both parse identically.
 */
import type { Cast } from '../../server/recording/asciicast.ts'

/** The part of an xterm Terminal this needs (shared by @xterm/xterm and @xterm/headless). */
export interface TextTerminal {
  readonly rows: number
  readonly buffer: { readonly active: { readonly baseY: number, readonly length: number,
    getLine: (y: number) => { translateToString: (trimRight?: boolean) => string } | undefined } }
  write: (data: string, callback?: () => void) => void
  dispose: () => void
}

export type CreateTextTerminal = (size: { cols: number, rows: number }) => TextTerminal

/** The rows on screen (not the scrollback), right-trimmed, trailing empty rows dropped. */
export function visibleText(terminal: TextTerminal): string {
  const buffer = terminal.buffer.active
  const lines: string[] = []
  for (let y = buffer.baseY; y < buffer.baseY + terminal.rows; y++)
    lines.push(buffer.getLine(y)?.translateToString(true) ?? '')
  return lines.join('\n').replace(/\s+$/, '')
}

/** The output of events [0, until) joined, for one write. */
export function outputUntil(cast: Cast, until = cast.events.length): string {
  let data = ''
  for (let i = 0; i < Math.min(until, cast.events.length); i++) {
    if (cast.events[i][1] === 'o')
      data += cast.events[i][2]
  }
  return data
}

/** What the screen shows once events [0, until) are written, at the cast's own size unless given. */
export async function castScreenText(cast: Cast, create: CreateTextTerminal, options: { until?: number, cols?: number, rows?: number } = {}): Promise<string> {
  const terminal = create({ cols: options.cols ?? cast.header.width, rows: options.rows ?? cast.header.height })
  try {
    await new Promise<void>(resolve => terminal.write(outputUntil(cast, options.until), resolve))
    return visibleText(terminal)
  }
  finally {
    terminal.dispose()
  }
}
