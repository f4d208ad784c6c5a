/**
 * Fuzzed frames at volume: random bytes, truncated and wrong-typed JSON, unknown types, text frames,
 * oversize frames, messages in the wrong order, and broken WebSocket/HTTP bytes on raw sockets.
 * Every one is refused (an Error message or a closed connection, never an attach or a shell), and
 * all the while another session keeps echoing keystrokes.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { connect as tcpConnect } from 'node:net'
import { afterAll, beforeAll, test } from 'vitest'
import WebSocket from 'ws'
import { ClientMessageType, encodeClient, ServerMessageType } from '../../server/protocol.ts'
import type { TerminalClient } from '../../server/terminal-client.ts'
import { type AbuseServer, startAbuseServer } from './support/fixtures.ts'

const enc = new TextEncoder()
const frame = (type: number, body: string | Uint8Array) => Buffer.concat([Buffer.from([type]), typeof body === 'string' ? enc.encode(body) : body])
const json = (type: number, value: unknown) => frame(type, JSON.stringify(value))

/** Frames that must each be refused, whatever order they come in. */
function badFrames(): Buffer[] {
  const random = Array.from({ length: 60 }, () => randomBytes(Math.floor(Math.random() * 600)))
  return [
    ...random,
    Buffer.alloc(0),
    frame(ClientMessageType.Attach, '{"session":"x","demo":"lab","cols":80,"rows":'), // truncated
    frame(ClientMessageType.Attach, Buffer.from([0xFF, 0xFE, 0x7B])), // not UTF-8
    json(ClientMessageType.Attach, { session: 'x', demo: 'lab', cols: '80', rows: 24 }),
    json(ClientMessageType.Attach, { session: 'x', demo: 'lab', cols: 80, rows: 24, readOnly: 'yes' }),
    json(ClientMessageType.Attach, { session: '../../etc', demo: 'lab', cols: 80, rows: 24 }),
    json(ClientMessageType.Attach, { session: 'x', demo: 'lab', cols: 1e9, rows: -1 }),
    json(ClientMessageType.Attach, ['session', 'x']),
    json(ClientMessageType.Attach, null),
    json(ClientMessageType.Resize, { cols: 0, rows: 0 }),
    json(ClientMessageType.Ack, { bytes: -5 }),
    json(ClientMessageType.Ack, { bytes: 'all' }),
    json(ClientMessageType.Run, { runId: 7, command: ['rm', '-rf'] }),
    json(ClientMessageType.Run, { runId: 'r', command: 'echo', expect: '([' }),
    json(ClientMessageType.Run, { runId: 'r', command: 'x'.repeat(5000) }),
    frame(0x00, 'nul type'),
    frame(0x7F, 'del type'),
    frame(ClientMessageType.Input, 'echo input-before-attach\r'), // wrong order: nothing attached yet
    encodeClient.resize({ cols: 80, rows: 24 }) as Buffer,
    encodeClient.ack(10) as Buffer,
    encodeClient.restart() as Buffer,
    encodeClient.run({ runId: 'early', command: 'echo run-before-attach' }) as Buffer,
  ].map(bytes => Buffer.from(bytes))
}

let server: AbuseServer
let victim: TerminalClient
let echoes = 0
let echoFailure: Error | undefined
let stopEcho = false
let echoLoop: Promise<void>

beforeAll(async () => {
  server = await startAbuseServer({ maxConnections: 64 })
  victim = await server.connect({ session: 'victim' })
  // The other session: a keystroke round trip every few ms for the whole test.
  echoLoop = (async () => {
    while (!stopEcho) {
      const mark = victim.mark()
      victim.type(`echo ok-${echoes}-$((${echoes}+1))\r`)
      try {
        await victim.waitFor(`ok-${echoes}-${echoes + 1}`, { since: mark, timeoutMs: 5000 })
      }
      catch (error) {
        echoFailure = error as Error
        return
      }
      echoes++
      await new Promise(resolve => setTimeout(resolve, 20))
    }
  })()
})

afterAll(async () => {
  stopEcho = true
  await echoLoop
  await victim?.close()
  await server?.dispose()
})

interface Outcome { errors: number; attached: number; output: string; closeCode?: number }

/** Sends `frames` on one fresh connection and collects what comes back until it closes or goes quiet. */
async function fuzzConnection(frames: Buffer[], options: { text?: boolean } = {}): Promise<Outcome> {
  const socket = new WebSocket(`${server.url}?token=${server.token}`, { headers: { Origin: server.origin } })
  const outcome: Outcome = { errors: 0, attached: 0, output: '' }
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  socket.on('error', () => {})
  socket.on('message', (data: Buffer) => {
    if (data[0] === ServerMessageType.Error)
      outcome.errors++
    else if (data[0] === ServerMessageType.Attached)
      outcome.attached++
    else
      outcome.output += data.subarray(1).toString('latin1')
  })
  const closed = new Promise<void>(resolve => socket.once('close', (code) => {
    outcome.closeCode = code
    resolve()
  }))
  for (const bytes of frames) {
    if (socket.readyState !== WebSocket.OPEN)
      break
    socket.send(options.text ? bytes.toString('latin1') : bytes, { binary: !options.text })
  }
  await Promise.race([closed, new Promise(resolve => setTimeout(resolve, 1500))])
  socket.terminate()
  await closed
  return outcome
}

test('thousands of malformed, mistyped and out-of-order frames are each refused', async () => {
  let sent = 0
  for (let round = 0; round < 8; round++) {
    const batch = Array.from({ length: 5 }, () => {
      const frames = badFrames().sort(() => Math.random() - 0.5)
      sent += frames.length
      return fuzzConnection(frames)
    })
    for (const outcome of await Promise.all(batch)) {
      assert.equal(outcome.attached, 0, 'no bad frame ever attaches')
      assert.doesNotMatch(outcome.output, /input-before-attach|run-before-attach/, 'nothing reaches a shell')
      // Either every frame got its Error, or the server dropped the connection after too many (4400).
      assert.ok(outcome.errors > 0, 'refusals are answered')
      assert.ok(outcome.closeCode === undefined || [4400, 1005, 1006, 1009].includes(outcome.closeCode), `close code ${outcome.closeCode}`)
    }
  }
  assert.ok(sent > 3000, `sent ${sent} frames`)
  assert.equal(echoFailure, undefined, `the other session stopped answering: ${echoFailure?.message}`)
}, 120_000)

test('text frames, oversize frames and a second Attach are refused', async () => {
  const text = await fuzzConnection([Buffer.from('{"hello":"world"}'), Buffer.from('A{"session":"t","demo":"lab","cols":80,"rows":24}')], { text: true })
  assert.equal(text.attached, 0)
  assert.ok(text.errors >= 1)

  const oversize = await fuzzConnection([frame(ClientMessageType.Input, Buffer.alloc(2 * 1024 * 1024, 0x61))])
  assert.equal(oversize.closeCode, 1009, 'a frame over maxPayload closes the socket with 1009 (message too big)')

  const twice = await fuzzConnection([
    encodeClient.attach({ session: 'twice', demo: 'lab', cols: 80, rows: 24 }) as Buffer,
    encodeClient.attach({ session: 'other', demo: 'lab', cols: 80, rows: 24 }) as Buffer,
  ])
  assert.equal(twice.attached, 1, 'the first attach works')
  assert.equal(twice.errors, 1, 'the second is refused')
  assert.equal(echoFailure, undefined, `the other session stopped answering: ${echoFailure?.message}`)
}, 60_000)

test('garbage on raw sockets (not HTTP, broken WebSocket frames) does not disturb the server', async () => {
  const raw = (bytes: Buffer[]) => new Promise<string>((resolve) => {
    const socket = tcpConnect(server.port, '127.0.0.1')
    let reply = ''
    socket.on('data', chunk => (reply += chunk.toString('latin1')))
    socket.on('error', () => {})
    socket.on('close', () => resolve(reply))
    socket.on('connect', () => {
      for (const chunk of bytes)
        socket.write(chunk)
      setTimeout(() => socket.destroy(), 700)
    })
  })
  const upgrade = Buffer.from(`GET /terminal?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`
    + 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n')
  const replies = await Promise.all([
    ...Array.from({ length: 20 }, () => raw([randomBytes(4096)])),
    ...Array.from({ length: 10 }, () => raw([upgrade, Buffer.from([0x82, 0x05, 0x41, 0x42, 0x43, 0x44, 0x45])])), // unmasked client frame
    ...Array.from({ length: 10 }, () => raw([upgrade, Buffer.from([0x8B, 0x80, 1, 2, 3, 4])])), // reserved opcode 0xB
    ...Array.from({ length: 10 }, () => raw([upgrade, randomBytes(2048)])),
    raw([Buffer.from(`GET /terminal?token=${server.token} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n`)]),
  ])
  for (const reply of replies)
    assert.doesNotMatch(reply, /demos\/lab \$/, 'no raw socket ever sees a shell prompt')
  assert.equal(echoFailure, undefined, `the other session stopped answering: ${echoFailure?.message}`)
  assert.ok(server.child.exitCode === null, 'the server process is still running')
  const fresh = await server.connect({ session: 'after-fuzz' })
  const mark = fresh.mark()
  fresh.type('echo alive-$((20+22))\r')
  await fresh.waitFor('alive-42', { since: mark })
  await fresh.close()
  assert.ok(echoes > 10, `the other session echoed ${echoes} times during the fuzzing`)
}, 60_000)
