import assert from 'node:assert/strict'
import headlessModule from '@xterm/headless'
import type { Terminal } from '@xterm/xterm'
import { afterEach, beforeEach, describe, test } from 'vitest'
import { effectScope, nextTick, ref, shallowRef } from 'vue'
import { formatCast } from '../../server/recording/asciicast.ts'
import type { RunRequest, RunStateInfo } from '../../server/protocol.ts'
import type { ConnectionStatus, TerminalConnection } from '../composables/useTerminalConnection.ts'
import { visibleText } from './cast-text.ts'
import { useReplayMode } from './useReplayMode.ts'

const { Terminal: HeadlessTerminal } = headlessModule

const CAST = formatCast({
  header: { version: 2, width: 50, height: 8, timestamp: 1_763_000_000 },
  events: [
    [0, 'o', 'demos/x $ '],
    [0.1, 'm', 'one'],
    [0.2, 'o', 'echo one\r\none\r\ndemos/x $ '],
    [0.3, 'm', 'two'],
    [0.4, 'o', 'echo two\r\ntwo\r\ndemos/x $ '],
  ],
})

function fakeLive() {
  const status = ref<ConnectionStatus>('idle')
  const error = ref('')
  const calls: string[] = []
  const runs: RunRequest[] = []
  const connection: TerminalConnection = {
    status, error, attached: shallowRef(), exit: shallowRef(),
    connect: () => { calls.push('connect') },
    disconnect: () => { calls.push('disconnect') },
    input: () => {}, resize: () => {},
    run: request => runs.push(request),
    restart: () => {},
  }
  return { connection, status, error, calls, runs }
}

const settle = async () => {
  for (let i = 0; i < 20; i++) {
    await nextTick()
    await new Promise(resolve => setTimeout(resolve, 5))
  }
}

let demo = 0
let savedFetch: typeof fetch
beforeEach(() => {
  savedFetch = globalThis.fetch
  globalThis.fetch = (async () => new Response(CAST)) as typeof fetch
})
afterEach(() => {
  globalThis.fetch = savedFetch
})

function setup() {
  const live = fakeLive()
  const terminal = new HeadlessTerminal({ cols: 80, rows: 24, allowProposedApi: true }) as unknown as Terminal
  const states: RunStateInfo[] = []
  const scope = effectScope()
  const name = `demo-${demo++}`
  const replay = scope.run(() => useReplayMode({ id: `t-${name}`, demo: name, live: live.connection, terminal: () => terminal,
    ensureTerminal: async () => terminal, element: () => undefined, onRunState: state => states.push(state) }))!
  const screen = async () => {
    await new Promise<void>(resolve => terminal.write('', resolve))
    return visibleText(terminal as never)
  }
  return { name, live, terminal, states, replay, screen, stop: () => scope.stop() }
}

describe('useReplayMode', () => {
  test('with no server configured it plays the recording at its size, and a run plays that step', async () => {
    const t = setup()
    t.live.status.value = 'unconfigured' // as in the static build: never anything else
    await settle()
    t.replay.connection.connect()
    await settle()
    assert.equal(t.replay.active.value, true)
    assert.match(t.replay.reason.value, /no demo server is configured/)
    assert.equal(t.replay.connection.status.value, 'live', 'run controls treat a replaying terminal as ready')
    assert.deepEqual([t.terminal.cols, t.terminal.rows], [50, 8])
    t.replay.player.setSpeed('instant')
    t.replay.connection.run({ runId: `${t.name}:one`, command: 'echo one' })
    await settle()
    assert.match(await t.screen(), /one\ndemos\/x \$/)
    assert.deepEqual(t.states.map(s => s.phase), ['typing', 'done'])
    t.stop()
  })

  test('a step that fails live plays its recording in its place and says why; going back to live reconnects', async () => {
    const t = setup()
    t.replay.connection.connect()
    t.live.status.value = 'live'
    await settle()
    t.replay.connection.run({ runId: `${t.name}:one`, command: 'echo one' })
    assert.equal(t.live.runs.length, 1, 'live runs go to the server')
    t.replay.player.setSpeed('instant')
    t.replay.liveRunState({ runId: `${t.name}:two`, phase: 'timeout', reason: 'no result within 15000 ms' })
    await settle()
    assert.equal(t.replay.active.value, true)
    assert.match(t.replay.reason.value, /step "two" timed out \(no result within 15000 ms\); playing its recording/)
    assert.ok(t.live.calls.includes('disconnect'))
    assert.match(await t.screen(), /echo two\ntwo\ndemos\/x \$/)
    assert.deepEqual(t.states.at(-1), { runId: `${t.name}:two`, phase: 'done', reason: 'played from the recording' })

    t.replay.backToLive()
    await settle()
    assert.equal(t.replay.active.value, false)
    assert.equal(t.live.calls.at(-1), 'connect')
    t.stop()
  })

  test('a server that stays unreachable past the grace period switches to the recording', async () => {
    const t = setup()
    t.replay.connection.connect()
    t.live.status.value = 'disconnected'
    t.live.error.value = 'cannot reach the demo server (close 1006)'
    await settle()
    assert.equal(t.replay.active.value, false, 'a short drop is given time to reconnect')
    await new Promise(resolve => setTimeout(resolve, 2700))
    await settle()
    assert.equal(t.replay.active.value, true)
    assert.match(t.replay.reason.value, /cannot reach the demo server/)
    t.stop()
  })
})
