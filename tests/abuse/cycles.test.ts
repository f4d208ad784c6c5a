/**
 * 1000 connect/disconnect cycles against a server in its own process: afterwards no shell, pty or
 * child process is left, the live sessions are gone, and the server's memory is flat. What sessions
 * leave in Docker is tests/abuse/session-leftovers.test.ts.
 */
import assert from 'node:assert/strict'
import { readdir, readFile, readlink } from 'node:fs/promises'
import { afterAll, beforeAll, test } from 'vitest'
import { type AbuseServer, descendants, eventually, startAbuseServer } from './support/fixtures.ts'

const CYCLES = 1000
/** Every tenth cycle opens a session of its own (a new shell that must be killed), the rest share one. */
const FRESH_EVERY = 10
const PARALLEL = 4
const MB = 1024 * 1024

let server: AbuseServer

beforeAll(async () => {
  server = await startAbuseServer({ idleTimeoutMs: 0, killGraceMs: 300, maxSessions: 64, maxConnections: 64 })
})

afterAll(async () => {
  await server?.dispose()
})

async function cycle(i: number): Promise<void> {
  const fresh = i % FRESH_EVERY === 0
  const client = await server.connect({ session: fresh ? `fresh-${i}` : 'shared' })
  if (fresh)
    client.type('sleep 600 &\r') // a background child that must go with the session
  await client.close()
}

async function cycles(from: number, to: number): Promise<void> {
  let next = from
  await Promise.all(Array.from({ length: PARALLEL }, async () => {
    while (next < to)
      await cycle(next++)
  }))
}

/** The server's open file descriptors that are ptys (master or slave). */
async function ptyFds(): Promise<number> {
  let count = 0
  for (const fd of await readdir(`/proc/${server.pid}/fd`)) {
    const target = await readlink(`/proc/${server.pid}/fd/${fd}`).catch(() => '')
    if (target === '/dev/ptmx' || target.startsWith('/dev/pts/'))
      count++
  }
  return count
}

/** The server's child processes, without tsx's esbuild service (the TypeScript loader's, not a session's). */
async function sessionProcesses(): Promise<number[]> {
  const pids: number[] = []
  for (const pid of await descendants(server.pid)) {
    const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')
    if (!/\/esbuild\0--service=/.test(command))
      pids.push(pid)
  }
  return pids
}

async function settled(): Promise<{ processes: number[]; sessions: number }> {
  let state = { processes: [] as number[], sessions: -1 }
  await eventually(async () => {
    state = { processes: await sessionProcesses(), sessions: (await server.memory()).sessions }
    return state.processes.length === 0 && state.sessions === 0 && await ptyFds() === 0
  }, 30_000, 250)
  return state
}

test(`${CYCLES} connect/disconnect cycles leave no process behind and memory flat`, async () => {
  // An anchor keeps the shared session alive during the cycles, like a presenter's window.
  const anchor = await server.connect({ session: 'shared' })
  await cycles(0, 100) // warm-up: code paths compiled, pools allocated
  const before = (await server.memory()).memory
  await cycles(100, CYCLES)
  const marker = anchor.mark()
  anchor.type('echo still-$((40+2))\r')
  await anchor.waitFor('still-42', { since: marker })
  await anchor.close()

  const { processes, sessions } = await settled()
  const described = await Promise.all(processes.map(async pid => `${pid} ${(await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '?')).replaceAll('\0', ' ').trim()}`))
  assert.deepEqual(described, [], `processes left under the server: ${described.join('; ')}`)
  assert.equal(sessions, 0, 'every session ended')
  assert.equal(await ptyFds(), 0, 'the server holds no pty file descriptor once every session ended')
  const afterCycles = (await server.memory()).memory
  const heapGrowth = (afterCycles.heapUsed - before.heapUsed) / MB
  const rssGrowth = (afterCycles.rss - before.rss) / MB
  console.log(`# heap ${(before.heapUsed / MB).toFixed(1)} -> ${(afterCycles.heapUsed / MB).toFixed(1)} MB, rss ${(before.rss / MB).toFixed(1)} -> ${(afterCycles.rss / MB).toFixed(1)} MB`)
  assert.ok(heapGrowth < 16, `heap grew by ${heapGrowth.toFixed(1)} MB over ${CYCLES - 100} cycles`)
  // RSS is the looser bound: glibc keeps the arenas freed shells and buffers leave, and how many
  // sessions overlap (hence the peak) depends on the machine's load. The heap bound catches leaks.
  assert.ok(rssGrowth < 128, `rss grew by ${rssGrowth.toFixed(1)} MB over ${CYCLES - 100} cycles`)
}, 300_000)
