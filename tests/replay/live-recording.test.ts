/**
 * The opt-in live recording: a demo server started with `observeSession` from
 * liveRecordingOption (what `npm run server -- --record DIR` does) leaves one cast per session.
 */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { afterAll, beforeAll, test } from 'vitest'
import { startDemoServer } from '../../server/demo-server.ts'
import { castMarkers, castOutput, parseCast } from '../../server/recording/asciicast.ts'
import { liveRecordingOption } from '../../server/recording/session-recorder.ts'
import { stepRunId } from '../../server/run-id.ts'
import { TerminalClient } from '../../server/terminal-client.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'replay-live-'))
  await mkdir(path.join(dir, 'demos', 'stage'), { recursive: true })
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

test('a server started with --record writes each session to its own cast, with a marker per run', async () => {
  const recordings = path.join(dir, 'recordings')
  const server = await startDemoServer({ demosRoot: path.join(dir, 'demos'), log: () => {},
    observeSession: await liveRecordingOption(recordings, () => {}) })
  try {
    const client = await TerminalClient.connect({ url: server.url, token: server.token, session: 't-stage', demo: 'stage', cols: 70, rows: 20 })
    await client.waitFor('demos/stage')
    const state = await client.run({ runId: 'stage:greet', command: 'echo "hello from the $((6 * 7))th row ✓"', expect: 'hello from the 42th row ✓', timeoutMs: 10_000 })
    assert.equal(state.phase, 'done')
    client.resize(90, 24)
    await client.close()
  }
  finally {
    await server.close()
  }

  const files = await readdir(recordings)
  assert.equal(files.length, 1)
  assert.match(files[0], /^stage--t-stage--\d{8}-\d{6}\.cast$/)
  const cast = parseCast(await readFile(path.join(recordings, files[0]), 'utf8'))
  assert.equal(cast.header.width, 70)
  assert.equal(cast.header.height, 20)
  assert.equal(cast.header.env?.TERM, 'xterm-256color')
  assert.ok(typeof cast.header.docker_server === 'string')
  assert.deepEqual(castMarkers(cast).map(m => m.label), ['greet'])
  assert.match(castOutput(cast), /hello from the 42th row ✓/)
  assert.ok(cast.events.some(e => e[1] === 'r' && e[2] === '90x24'), 'the resize is recorded')
})

test('a retried step is marked with its plain step id, so the slide finds it in the live recording', async () => {
  const recordings = path.join(dir, 'retry-recordings')
  const server = await startDemoServer({ demosRoot: path.join(dir, 'demos'), log: () => {},
    observeSession: await liveRecordingOption(recordings, () => {}) })
  try {
    const client = await TerminalClient.connect({ url: server.url, token: server.token, session: 't-retry', demo: 'stage', cols: 70, rows: 20 })
    await client.waitFor('demos/stage')
    const first = await client.run({ runId: stepRunId('stage', 'greet'), command: 'echo not-yet', expect: '^never-printed$', timeoutMs: 10_000 })
    assert.equal(first.phase, 'failed')
    const retry = await client.run({ runId: stepRunId('stage', 'greet', 1), command: 'echo "greeted-$((6 * 7))"', expect: 'greeted-42', timeoutMs: 10_000 })
    assert.equal(retry.phase, 'done')
    await client.close()
  }
  finally {
    await server.close()
  }

  const [file] = await readdir(recordings)
  const cast = parseCast(await readFile(path.join(recordings, file), 'utf8'))
  assert.deepEqual(castMarkers(cast).map(m => m.label), ['greet', 'greet'])
})

test('npm run server -- --record DIR records a session to DIR and says so at start', async () => {
  const recordings = path.join(dir, 'cli-recordings')
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/server.ts', '--port', '0', '--record', recordings],
    { cwd: path.resolve(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk })
  try {
    const deadline = Date.now() + 30_000
    while (!/token: \w+/.test(stdout) && Date.now() < deadline && child.exitCode === null)
      await new Promise(resolve => setTimeout(resolve, 100))
    assert.match(stdout, new RegExp(`recording every session to ${recordings}`))
    const url = stdout.match(/listening on (ws:\S+)/)![1]
    const token = stdout.match(/token: (\w+)/)![1]
    const client = await TerminalClient.connect({ url, token, session: 't-cli', demo: 'run-basics', cols: 60, rows: 10 })
    const state = await client.run({ runId: 'run-basics:hello', command: 'echo recorded-by-the-cli', expect: 'recorded-by-the-cli', timeoutMs: 10_000 })
    assert.equal(state.phase, 'done')
    await client.close()
  }
  finally {
    child.kill('SIGTERM')
    await once(child, 'exit')
  }
  const files = await readdir(recordings)
  assert.equal(files.length, 1)
  const cast = parseCast(await readFile(path.join(recordings, files[0]), 'utf8'))
  assert.deepEqual(castMarkers(cast).map(m => m.label), ['hello'])
  assert.match(castOutput(cast), /recorded-by-the-cli/)
}, 60_000)
