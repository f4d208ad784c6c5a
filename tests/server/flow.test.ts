import assert from 'node:assert/strict'
import { afterAll, beforeAll, describe, test } from 'vitest'
import { eventually, rssOf } from './support/processes.ts'
import { type ServerHandle, startChildServer } from './support/demos-root.ts'

const PROMPT = /demos\/hello \$/
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

describe('flow control', () => {
  let server: ServerHandle & { pid: number }
  beforeAll(async () => {
    server = await startChildServer({ scrollback: 1000 })
  })
  afterAll(() => server.close())

  test('clients that stop reading do not grow server memory past a bound, and a fast client keeps receiving', async () => {
    const fast = await server.connect({ session: 'flood' })
    const neverAcks = await server.connect({ session: 'flood', autoAck: false })
    const stopsReading = await server.connect({ session: 'flood' })
    await fast.waitFor(PROMPT)
    // The raw socket stops reading: the server's writes pile up in its socket buffer instead.
    ;(stopsReading.socket as unknown as { _socket: { pause: () => void } })._socket.pause()
    const baseline = await rssOf(server.pid)
    let received = 0
    fast.on('output', bytes => (received += bytes.length))
    fast.type('yes "a fairly long line of output, to move bytes quickly through the pty"\r')
    let peak = baseline
    const perSecond: number[] = []
    for (let second = 0; second < 5; second++) {
      const before = received
      for (let tick = 0; tick < 10; tick++) {
        await sleep(100)
        peak = Math.max(peak, await rssOf(server.pid))
      }
      perSecond.push(received - before)
    }
    const growth = peak - baseline
    console.log(`stalled clients: server RSS ${(baseline / 1e6).toFixed(1)} MB -> peak ${(peak / 1e6).toFixed(1)} MB (growth ${(growth / 1e6).toFixed(1)} MB); fast client MB/s: ${perSecond.map(b => (b / 1e6).toFixed(1)).join(' ')}`)
    // Peak RSS also holds the flood's own garbage, which grows with its speed (about 30 MB/s here, with
    // nothing holding the pty back); a stalled client kept in memory would add the whole 150 MB sent.
    assert.ok(growth < 80e6, `server RSS grew by ${(growth / 1e6).toFixed(1)} MB`)
    for (const bytes of perSecond.slice(2))
      assert.ok(bytes > 100_000, `the fast client kept receiving (${bytes} bytes in a second)`)
    fast.type('\x03')
    await fast.waitFor(/\^C[^]*demos\/hello \$/, { since: Math.max(0, fast.mark() - 20000) })

    // The client that never acked catches up by acking everything: it gets a fresh snapshot.
    const snapshot = new Promise<void>(resolve => neverAcks.once('snapshot', () => resolve()))
    neverAcks.ack(2 ** 31)
    await snapshot
    const mark = neverAcks.mark()
    fast.type('echo back-""in-sync\r')
    await neverAcks.waitFor('back-in-sync', { since: mark })
    await fast.close()
    await neverAcks.close()
    stopsReading.socket.terminate()
  })

  test('a slow but acknowledging client receives every byte in order and is never resynced', async () => {
    const client = await server.connect({ session: 'slow-reader', autoAck: false })
    await client.waitFor(PROMPT)
    let snapshots = 0
    client.on('snapshot', () => snapshots++)
    // Acknowledge late, like a browser that renders slowly.
    client.on('output', bytes => setTimeout(() => client.ack(bytes.length), 20))
    const mark = client.mark()
    client.type('echo SLOW-""BEGIN; seq 1 300000; echo SLOW-""DONE\r')
    await client.waitFor('SLOW-DONE\r\n', { since: mark, timeoutMs: 30_000 })
    const text = client.text.slice(mark)
    const numbers = text.slice(text.indexOf('SLOW-BEGIN\r\n') + 12, text.indexOf('SLOW-DONE\r\n')).split('\r\n').filter(Boolean)
    assert.equal(numbers.length, 300000)
    assert.ok(numbers.every((line, index) => line === String(index + 1)), 'every line arrived, in order')
    assert.equal(snapshots, 0)
    await client.close()
  })

  test('the pty is resumed after a stalled client leaves', async () => {
    const staller = await server.connect({ session: 'leaver', autoAck: false })
    await staller.waitFor(PROMPT)
    staller.type('seq 1 200000; echo LEAVER-""DONE\r')
    await sleep(500)
    await staller.close()
    const viewer = await server.connect({ session: 'leaver' })
    assert.ok(await eventually(() => viewer.text.includes('LEAVER-DONE'), 10_000))
    await viewer.close()
  })
})
