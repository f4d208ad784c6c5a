import assert from 'node:assert/strict'
import { describe, test } from 'vitest'
import { type CastHeader, castMarkers, castOutput, CastFormatError, CastWriter, formatCast, parseCast } from './asciicast.ts'

const header: CastHeader = { version: 2, width: 80, height: 24, timestamp: 1_700_000_000, title: 'demo',
  env: { TERM: 'xterm-256color', SHELL: '/bin/bash' }, docker_server: '28.1.1' }

function recorder(): { lines: string[], tick: (ms: number) => void, writer: CastWriter } {
  let now = 1000
  const lines: string[] = []
  const writer = new CastWriter(header, line => lines.push(line), { clock: () => now })
  return { lines, writer, tick: (ms) => { now += ms } }
}

describe('CastWriter', () => {
  test('writes the header first, then output and marker events with seconds since the start', () => {
    const { lines, writer, tick } = recorder()
    writer.marker('pull')
    tick(250)
    writer.output(new TextEncoder().encode('hello\r\n'))
    tick(1500)
    writer.output('bye')
    assert.deepEqual(JSON.parse(lines[0]), header)
    assert.deepEqual(lines.slice(1).map(l => JSON.parse(l)), [[0, 'm', 'pull'], [0.25, 'o', 'hello\r\n'], [1.75, 'o', 'bye']])
  })

  test('keeps a multibyte character whole when the bytes split it across chunks', () => {
    const { lines, writer } = recorder()
    const bytes = new TextEncoder().encode('é→🐳 ok')
    for (let i = 0; i < bytes.length; i++)
      writer.output(bytes.subarray(i, i + 1))
    writer.end()
    const cast = parseCast(lines.join('\n'))
    assert.equal(castOutput(cast), 'é→🐳 ok')
    assert.ok(!castOutput(cast).includes('\uFFFD'))
  })

  test('keeps a character whole even when a marker lands between its bytes', () => {
    const { lines, writer } = recorder()
    const bytes = new TextEncoder().encode('🐳')
    writer.output(bytes.subarray(0, 2))
    writer.marker('next')
    writer.output(bytes.subarray(2))
    assert.deepEqual(lines.slice(1).map(l => JSON.parse(l)), [[0, 'm', 'next'], [0, 'o', '🐳']])
  })

  test('writes a dangling partial character as a replacement mark at the end, then ignores events', () => {
    const { lines, writer } = recorder()
    writer.output(new Uint8Array([0x41, 0xE2, 0x82]))
    writer.end()
    writer.output('late')
    assert.equal(castOutput(parseCast(lines.join('\n'))), 'A\uFFFD')
  })

  test('never lets time go backwards even if the clock does', () => {
    let now = 5000
    const lines: string[] = []
    const writer = new CastWriter(header, line => lines.push(line), { clock: () => now })
    now = 6000
    writer.output('a')
    now = 5500
    writer.output('b')
    assert.deepEqual(parseCast(lines.join('\n')).events.map(e => e[0]), [1, 1])
  })

  test('records a resize as an "r" event', () => {
    const { lines, writer } = recorder()
    writer.resize(100, 30)
    assert.deepEqual(JSON.parse(lines[1]), [0, 'r', '100x30'])
  })
})

describe('parseCast', () => {
  test('round-trips what formatCast writes, control characters and quotes included', () => {
    const cast = { header, events: [[0, 'o', '\u001b[1;36mdemos/x $\u001b[0m '], [0.5, 'm', 'step'], [1.25, 'o', '"q"\\\r\n']] } as const
    const parsed = parseCast(formatCast({ header, events: cast.events.map(e => [...e]) as never }))
    assert.deepEqual(parsed.events, cast.events.map(e => [...e]))
    assert.deepEqual(castMarkers(parsed), [{ time: 0.5, label: 'step', index: 1 }])
  })

  test('refuses a header that is not version 2, naming line 1', () => {
    assert.throws(() => parseCast('{"version":1,"width":80,"height":24}\n'), (error: unknown) =>
      error instanceof CastFormatError && error.line === 1 && error.code === 'DEMO_ERR_BAD_CAST')
  })

  test('refuses a malformed event, naming its line', () => {
    assert.throws(() => parseCast(`${JSON.stringify(header)}\n[0,"o","a"]\n[0.1,"o"]\n`), /line 3/)
    assert.throws(() => parseCast(`${JSON.stringify(header)}\n[1,"o","a"]\n[0.5,"o","b"]\n`), /line 3: time 0.5 goes back/)
  })
})
