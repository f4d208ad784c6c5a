import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'vitest'
import {
  ClientMessageType,
  decodeClientMessage,
  decodeServerMessage,
  encodeClient,
  encodeServer,
  ErrorCode,
  FINISHED_RUN_PHASES,
  isFailedPhase,
  isFinishedPhase,
  ProtocolError,
  ServerMessageType,
} from './protocol.ts'

function expectProtocolError(bytes: Uint8Array, code: string) {
  assert.throws(() => decodeClientMessage(bytes), (error: unknown) =>
    error instanceof ProtocolError && error.code === code)
}

describe('protocol', () => {
  test('an attach request survives encode and decode', () => {
    const message = decodeClientMessage(encodeClient.attach({ session: 'run-basics', demo: 'run-basics', cols: 80, rows: 24 }))
    assert.equal(message.type, ClientMessageType.Attach)
    assert.deepEqual(message.type === ClientMessageType.Attach && message.body,
      { session: 'run-basics', demo: 'run-basics', cols: 80, rows: 24, readOnly: false })
  })

  test('input bytes pass through unchanged, including invalid UTF-8', () => {
    const raw = new Uint8Array([0x03, 0xff, 0x41])
    const message = decodeClientMessage(encodeClient.input(raw))
    assert.deepEqual(message.type === ClientMessageType.Input && [...message.data], [...raw])
  })

  test('output frames carry raw bytes', () => {
    const message = decodeServerMessage(encodeServer.output(new TextEncoder().encode('hello\r\n')))
    assert.equal(message.type, ServerMessageType.Output)
    assert.equal(message.type === ServerMessageType.Output && new TextDecoder().decode(message.data), 'hello\r\n')
  })

  test('a run request keeps its optional fields', () => {
    const message = decodeClientMessage(encodeClient.run({ runId: 's1', command: 'docker version', expect: 'Server', timeoutMs: 5000 }))
    assert.deepEqual(message.type === ClientMessageType.Run && message.body,
      { runId: 's1', command: 'docker version', expect: 'Server', timeoutMs: 5000, typeDelayMs: undefined })
  })

  test('an empty frame is refused as malformed', () => {
    expectProtocolError(new Uint8Array(0), ErrorCode.MalformedFrame)
  })

  test('an unknown message type is refused', () => {
    expectProtocolError(new Uint8Array([0x00, 1, 2]), ErrorCode.UnknownMessage)
  })

  test('a JSON payload that does not parse is refused as malformed', () => {
    expectProtocolError(new Uint8Array([ClientMessageType.Resize, 0x7b, 0x7b]), ErrorCode.MalformedFrame)
  })

  test('a resize outside the allowed range is refused', () => {
    expectProtocolError(encodeClient.resize({ cols: 0, rows: 24 }), ErrorCode.MalformedFrame)
    expectProtocolError(encodeClient.resize({ cols: 80, rows: 100000 }), ErrorCode.MalformedFrame)
  })

  test('a session id with a path in it is refused', () => {
    expectProtocolError(encodeClient.attach({ session: '../etc', demo: 'x', cols: 80, rows: 24 }), ErrorCode.BadSessionId)
  })

  test('a run request with an invalid pattern is refused', () => {
    expectProtocolError(encodeClient.run({ runId: 'a', command: 'ls', expect: '(' }), ErrorCode.MalformedFrame)
  })

  test('a run is over once done, failed or timed out, and failed unless done', () => {
    assert.deepEqual([...FINISHED_RUN_PHASES], ['done', 'failed', 'timeout'])
    assert.deepEqual(['typing', 'running', 'done', 'failed', 'timeout', undefined].map(isFinishedPhase), [false, false, true, true, true, false])
    assert.deepEqual(['running', 'done', 'failed', 'timeout'].map(isFailedPhase), [false, false, true, true])
  })

  test('every error code is listed in the README\'s table, and the table lists no other', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const listed = new Set(readme.match(/^\| `DEMO_ERR_[A-Z_]+`.*$/gm)?.flatMap(row => row.split('|')[1].match(/DEMO_ERR_[A-Z_]+/g) ?? []))
    assert.deepEqual([...listed].sort(), Object.values(ErrorCode).sort())
  })
})
