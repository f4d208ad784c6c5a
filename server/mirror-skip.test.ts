import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MirrorScreen } from './mirror-screen.mjs'
import { plainRunEnd, planSkip, scanPlainRuns } from './mirror-skip.mjs'

const encode = (text: string) => new TextEncoder().encode(text)

function snapshotOf(screen: MirrorScreen): Promise<string> {
  return new Promise(resolve => screen.snapshot(resolve))
}

describe('planSkip', () => {
  it('scans views at any offset and length the same as bytes on their own', () => {
    const bytes = encode('ab\r\ncd\x1b[2Aef\x1b[1mgh\r\n')
    for (let start = 0; start < 4; start++) {
      for (let end = start; end <= bytes.length; end++) {
        const view = bytes.subarray(start, end)
        expect(scanPlainRuns(view)).toEqual(scanPlainRuns(new Uint8Array(view)))
      }
    }
    expect(scanPlainRuns(bytes)).toEqual({ firstEnd: 6, lastStart: 10 })
  })

  it('leaves a yes flood to its last screenful and scrollback, behind rows line feeds', () => {
    const flood = encode('y\r\n'.repeat(10_000))
    const plan = planSkip(flood, 5, 10)!
    expect(plan).toBeDefined()
    expect(new TextDecoder().decode(plan.prefix)).toBe('\n'.repeat(5))
    const kept = flood.subarray(plan.cut)
    expect(kept[0]).toBe(0x0d)
    expect(new TextDecoder().decode(kept).split('\n').length - 1).toBe(2 * 5 + 10)
  })

  it('carries the colours in force at the cut, from the last reset on', () => {
    const text = `\x1b[1m${'a\r\n'.repeat(50)}\x1b[0;32m${'b\r\n'.repeat(50)}\x1b[4m${'c\r\n'.repeat(100)}`
    const plan = planSkip(encode(text), 3, 4)!
    expect(new TextDecoder().decode(plan.prefix)).toBe('\x1b[0;32m\x1b[4m\n\n\n')
  })

  it('keeps everything when the run is too short to scroll the screen away', () => {
    expect(planSkip(encode('line\r\n'.repeat(20)), 5, 10)).toBeUndefined()
  })

  it('stops the plain run at a cursor move, a C1 control in UTF-8 and an OSC', () => {
    expect(plainRunEnd(encode('ab\r\n\x1b[31mc\x1b[2Ad'))).toBe(10)
    expect(plainRunEnd(new Uint8Array([0x61, 0xc3, 0xa9, 0xc2, 0x9b, 0x31, 0x41]))).toBe(3)
    expect(plainRunEnd(encode('ok 漢字 🙂\x1b]0;title\x07'))).toBe(encode('ok 漢字 🙂').length)
  })
})

/** Pieces of terminal output: plain text, colours, and everything that changes state. */
const piece = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 120 }).map(n => Array.from({ length: n }, (_, i) => `line ${i} ${'x'.repeat((i * 7) % 37)}\r\n`).join('')), weight: 4 },
  { arbitrary: fc.string({ maxLength: 30 }), weight: 3 },
  { arbitrary: fc.constantFrom('\r', '\n', '\r\n', '\t', '\x07', '\b', 'é', '漢字', '🙂', 'e\u0301', '\u00a0'), weight: 4 },
  { arbitrary: fc.constantFrom('\x1b[0m', '\x1b[m', '\x1b[1m', '\x1b[31m', '\x1b[38;5;123m', '\x1b[48;2;1;2;3m', '\x1b[4:3m',
    '\x1b[58;5;9m', '\x1b[0;1;32m', '\x1b[;4m', '\x1b[7m', '\x1b[22;27m', '\x1b[01m'), weight: 3 },
  { arbitrary: fc.tuple(fc.integer({ min: 0, max: 12 }), fc.constantFrom('A', 'B', 'C', 'D', 'J', 'K', 'L', 'M', 'P', '@', 'S', 'T', 'G', 'd'))
    .map(([n, final]) => `\x1b[${n}${final}`), weight: 2 },
  { arbitrary: fc.tuple(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 45 })).map(([row, col]) => `\x1b[${row};${col}H`), weight: 1 },
  { arbitrary: fc.constantFrom('\x1b[?1049h', '\x1b[?1049l', '\x1b[2;4r', '\x1b[r', '\x1b[2;3r\x1b[9;1H', '\x1b[1;2r\x1b[5H', '\x1b[4h', '\x1b[4l', '\x1b[?7l', '\x1b[?7h',
    '\x1b[?6h', '\x1b[?6l', '\x1b[20h', '\x1b[20l', '\x1b]0;title\x07', '\x1b]8;;https://example.test\x1b\\', '\x1b]8;;\x1b\\',
    '\x1b(0', '\x1b(B', '\x0e', '\x0f', '\x1b7', '\x1b8', '\x1bM', '\x1bD', '\x1b[?25l', '\x1b[?2004h', '\x1b[3g', '\x1bH', '\x1b[?45h'), weight: 2 },
)

const event = fc.oneof(
  { arbitrary: piece.map(text => ({ write: encode(text) })), weight: 12 },
  { arbitrary: fc.tuple(fc.integer({ min: 8, max: 45 }), fc.integer({ min: 2, max: 10 })).map(([cols, rows]) => ({ resize: { cols, rows } })), weight: 1 },
  { arbitrary: fc.constant({ settle: true as const }), weight: 2 },
)

/** Splits every write at random offsets, mid-sequence and mid-character included. */
const scenario = fc.record({
  cols: fc.integer({ min: 8, max: 45 }),
  rows: fc.integer({ min: 2, max: 10 }),
  scrollback: fc.integer({ min: 0, max: 40 }),
  events: fc.array(event, { minLength: 1, maxLength: 60 }),
  splits: fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 20 }),
})

describe('a mirror that skips ahead', () => {
  it('shows exactly the screen of a full parse, for random mixes of output, resizes and chunking', async () => {
    let runsThatSkipped = 0
    const runs = 500
    await fc.assert(fc.asyncProperty(scenario, async ({ cols, rows, scrollback, events, splits }) => {
      const skipping = new MirrorScreen({ cols, rows, scrollback, gatherBytes: 0 })
      const full = new MirrorScreen({ cols, rows, scrollback, gatherBytes: 0, skip: false })
      try {
        let split = 0
        for (const item of events) {
          if ('resize' in item) {
            skipping.resize(item.resize.cols, item.resize.rows)
            full.resize(item.resize.cols, item.resize.rows)
          }
          else if ('settle' in item) {
            expect(await snapshotOf(skipping)).toBe(await snapshotOf(full))
          }
          else {
            for (let at = 0; at < item.write.length;) {
              const size = splits[split++ % splits.length]
              skipping.write(item.write.subarray(at, at + size))
              full.write(item.write.subarray(at, at + size))
              at += size
            }
          }
        }
        expect(await snapshotOf(skipping)).toBe(await snapshotOf(full))
        if (skipping.skippedBytes > 0)
          runsThatSkipped++
      }
      finally {
        skipping.dispose()
        full.dispose()
      }
    }), { numRuns: runs })
    // The property means nothing if skipping never happens (for instance if xterm's internals moved).
    expect(runsThatSkipped).toBeGreaterThan(runs / 10)
  }, 120_000)

  it('parses a fraction of a 20 MB flood and ends on the same screen', async () => {
    const onParsed: number[] = []
    const skipping = new MirrorScreen({ cols: 80, rows: 24, scrollback: 1000, onParsed: bytes => onParsed.push(bytes) })
    const full = new MirrorScreen({ cols: 80, rows: 24, scrollback: 1000, skip: false })
    const block = encode(Array.from({ length: 2000 }, (_, i) => `\x1b[3${i % 8}m${i}\x1b[0m ${'build log line '.repeat(4)}\r\n`).join(''))
    const total = Math.ceil(20e6 / block.length) * block.length
    for (let written = 0; written < total; written += block.length) {
      skipping.write(block)
      full.write(block)
    }
    expect(await snapshotOf(skipping)).toBe(await snapshotOf(full))
    expect(onParsed.reduce((sum, bytes) => sum + bytes, 0)).toBe(total)
    expect(skipping.skippedBytes).toBeGreaterThan(total * 0.8)
    skipping.dispose()
    full.dispose()
  }, 120_000)
})
