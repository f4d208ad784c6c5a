/**
 * The server under the load of a busy classroom: 16 sessions each flood `yes` for 30 s to 8 viewers.
 * Meanwhile an idle session still echoes keystrokes, a `seq 1 1000000` in another session arrives byte
 * for byte (its hash matches), the server's memory stays bounded, and afterwards nothing is left.
 * The echo times are printed; their target (p99 under 50 ms) is checked by `npm run bench`.
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, test } from 'vitest'
import type { TerminalClient } from '../../server/terminal-client.ts'
import { type AbuseServer, descendants, eventually, startAbuseServer } from './support/fixtures.ts'

const FLOODS = 16
const VIEWERS = 8
const FLOOD_SECONDS = 30
const MB = 1024 * 1024

let server: AbuseServer
const clients: TerminalClient[] = []

beforeAll(async () => {
  server = await startAbuseServer({ idleTimeoutMs: 0, killGraceMs: 300, maxSessions: FLOODS + 4,
    maxClientsPerSession: VIEWERS, maxConnections: FLOODS * VIEWERS + 16 })
})

afterAll(async () => {
  await Promise.all(clients.map(client => client.close().catch(() => {})))
  await server?.dispose()
})

async function connect(session: string, keepText = true): Promise<TerminalClient> {
  const client = await server.connect({ session, keepText })
  clients.push(client)
  return client
}

/** Text after `mark` between two markers the shell prints, from the client's raw stream. */
function between(client: TerminalClient, start: string, end: string, mark: number): string | undefined {
  const text = client.text.slice(mark)
  const from = text.indexOf(start)
  const to = text.indexOf(end, from + start.length)
  return from === -1 || to === -1 ? undefined : text.slice(from + start.length, to)
}

test(`${FLOODS} sessions flooding ${VIEWERS} viewers each: echo goes on, seq arrives whole, memory stays bounded, nothing is left`, async () => {
  const before = (await server.memory()).memory
  // The viewers keep no text (gigabytes of "y"); each flood's end is read from the last bytes seen.
  const floods: TerminalClient[][] = []
  const tails: string[] = []
  for (let i = 0; i < FLOODS; i++) {
    const viewers = await Promise.all(Array.from({ length: VIEWERS }, () => connect(`flood-${i}`, false)))
    tails[i] = ''
    viewers[0].on('output', (bytes) => {
      tails[i] = (tails[i] + Buffer.from(bytes).toString('latin1')).slice(-64)
    })
    floods.push(viewers)
  }
  for (const [i, viewers] of floods.entries())
    viewers[0].type(`timeout ${FLOOD_SECONDS} yes flood-${i}; echo flood-$((${i}))-over\r`)
  const floodStarted = Date.now()

  const idle = await connect('idle')
  const echoes: number[] = []
  const counter = await connect('counter')
  const counterMark = counter.mark()
  // The shell prints the hash of what seq wrote, then the bytes themselves between two markers.
  counter.type('seq 1 1000000 | sha256sum | sed "s/ .*//;s/^/sum=/"; echo "<<SEQ"; seq 1 1000000; echo "SEQ>>"\r')

  let peakRss = 0
  while (Date.now() - floodStarted < FLOOD_SECONDS * 1000) {
    const mark = idle.mark()
    const sent = performance.now()
    idle.type('x')
    await idle.waitFor('x', { since: mark, timeoutMs: 20_000 })
    echoes.push(performance.now() - sent)
    idle.type('\x7f')
    peakRss = Math.max(peakRss, (await server.memory()).memory.rss)
    await new Promise(resolve => setTimeout(resolve, 200))
  }
  echoes.sort((a, b) => a - b)
  const p99 = echoes[Math.min(echoes.length - 1, Math.floor(echoes.length * 0.99))]
  console.log(`# idle echo under load: ${echoes.length} keystrokes, p50 ${echoes[Math.floor(echoes.length / 2)].toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`)
  console.log(`# server rss ${(before.rss / MB).toFixed(0)} MB before, ${(peakRss / MB).toFixed(0)} MB at the peak`)

  assert.ok(await eventually(() => tails.every((tail, i) => tail.includes(`flood-${i}-over`)), 60_000, 200), 'every flood ended')
  await counter.waitFor('SEQ>>', { since: counterMark, timeoutMs: 120_000 })
  const sum = /sum=([0-9a-f]{64})/.exec(counter.text.slice(counterMark))?.[1]
  const body = between(counter, '<<SEQ\r\n', 'SEQ>>', counterMark)
  assert.ok(sum && body !== undefined, 'the hash and the numbers arrived')
  const received = createHash('sha256').update(body.replaceAll('\r\n', '\n')).digest('hex')
  const expected = createHash('sha256').update(execFileSync('seq', ['1', '1000000'], { maxBuffer: 16 * MB })).digest('hex')
  assert.equal(expected, sum, 'the shell hashed what seq writes')
  assert.equal(received, expected, 'seq 1 1000000 arrived byte for byte')
  assert.ok(peakRss - before.rss < 512 * MB, `the server grew by ${((peakRss - before.rss) / MB).toFixed(0)} MB under load`)

  await Promise.all(clients.splice(0).map(client => client.close()))
  assert.ok(await eventually(async () => (await server.memory()).sessions === 0 && (await descendants(server.pid))
    .every(pid => /esbuild/.test(execFileSync('cat', [`/proc/${pid}/cmdline`]).toString())), 30_000, 250), 'every session and process ended')
}, 300_000)
