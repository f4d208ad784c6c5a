import assert from 'node:assert/strict'
import { describe, test } from 'vitest'
import { ClientFeed } from './flow-control.ts'
import { decodeServerMessage, encodeServer, ServerMessageType } from './protocol.ts'

function fakeSink() {
  const frames: ReturnType<typeof decodeServerMessage>[] = []
  return { frames, bufferedAmount: 0, send: (frame: Uint8Array) => frames.push(decodeServerMessage(frame)) }
}

const limits = { highWaterBytes: 100, maxBufferedBytes: 500, stallTimeoutMs: 50 }
const bytes = (n: number) => new Uint8Array(n).fill(0x41)

describe('ClientFeed', () => {
  test('queues output behind a pending snapshot and sends both in order', () => {
    const sink = fakeSink()
    const feed = new ClientFeed(sink, limits)
    feed.output(bytes(10))
    feed.control(encodeServer.exit({ exitCode: 0 }))
    assert.equal(sink.frames.length, 0)
    feed.completeSync('screen')
    assert.deepEqual(sink.frames.map(frame => frame.type), [ServerMessageType.Snapshot, ServerMessageType.Output, ServerMessageType.Exit])
    assert.equal(feed.unackedBytes, 10)
  })

  test('counts unacknowledged output and clamps over-acknowledgement at zero', () => {
    const feed = new ClientFeed(fakeSink(), limits)
    feed.completeSync('')
    feed.output(bytes(80))
    assert.equal(feed.pressure, 80)
    feed.ack(30)
    assert.equal(feed.unackedBytes, 50)
    feed.ack(1000)
    assert.equal(feed.unackedBytes, 0)
  })

  test('never buffers more than the maximum for one client: past it the client leaves the live stream', () => {
    const sink = fakeSink()
    const feed = new ClientFeed(sink, limits)
    feed.completeSync('')
    for (let i = 0; i < 10; i++)
      feed.output(bytes(100))
    assert.equal(feed.state, 'stalled')
    assert.equal(sink.frames.filter(frame => frame.type === ServerMessageType.Output).length, 5)
    assert.equal(feed.pressure, 0, 'a stalled client no longer holds the pty back')
  })

  test('a client above the high-water mark for longer than the stall timeout is dropped', () => {
    const feed = new ClientFeed(fakeSink(), limits)
    feed.completeSync('')
    feed.output(bytes(150))
    assert.equal(feed.checkStall(1000), false)
    assert.equal(feed.checkStall(1030), false)
    assert.equal(feed.checkStall(1060), true)
    assert.equal(feed.state, 'stalled')
  })

  test('a stalled client wants a resync once it acknowledged everything and its socket drained', () => {
    const sink = fakeSink()
    const feed = new ClientFeed(sink, limits)
    feed.completeSync('')
    feed.output(bytes(400))
    feed.output(bytes(400))
    assert.equal(feed.state, 'stalled')
    assert.equal(feed.wantsResync, false)
    feed.ack(400)
    sink.bufferedAmount = 10
    assert.equal(feed.wantsResync, false)
    sink.bufferedAmount = 0
    assert.equal(feed.wantsResync, true)
  })

  test('socket back-pressure counts like unacknowledged output', () => {
    const sink = fakeSink()
    const feed = new ClientFeed(sink, limits)
    feed.completeSync('')
    sink.bufferedAmount = 480
    assert.equal(feed.pressure, 480)
    feed.output(bytes(50))
    assert.equal(feed.state, 'stalled')
  })
})
