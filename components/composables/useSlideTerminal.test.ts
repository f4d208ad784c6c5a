/**
 * A slide terminal's one connection, in Node, against a real demo server: `ws` stands in for the
 * browser's WebSocket, @xterm/headless for the slide's xterm, and the recording is served from a
 * string instead of the deck's static files.
 */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import headlessModule from '@xterm/headless'
import type { Terminal } from '@xterm/xterm'
import { afterAll, beforeAll, describe, test } from 'vitest'
import { effectScope, ref } from 'vue'
import WebSocket from 'ws'
import { startDemoServer, type DemoServer } from '../../server/demo-server.ts'
import { formatCast } from '../../server/recording/asciicast.ts'
import { stepRunId } from '../../server/run-id.ts'
import { visibleText } from '../replay/cast-text.ts'
import { CastCache } from '../replay/castSource.ts'
import { ReplayModes } from '../replay/replayModes.ts'
import type { DeckState } from './deckState.ts'
import { terminalEndpoint } from './demoServerConfig.ts'
import { TerminalRegistry } from './terminalRegistry.ts'
import { UNREACHABLE_GRACE_MS, useSlideTerminal } from './useSlideTerminal.ts'
import { until } from '../support/until.ts'

const { Terminal: HeadlessTerminal } = headlessModule
const DEMO = 'alpha'

const CAST = formatCast({
  header: { version: 2, width: 50, height: 8, timestamp: 1_763_000_000 },
  events: [
    [0, 'o', 'demos/x $ '],
    [0.1, 'm', 'one'],
    [0.2, 'o', 'echo one\r\none (recorded)\r\ndemos/x $ '],
    [0.3, 'm', 'two'],
    [0.4, 'o', 'echo two\r\ntwo (recorded)\r\ndemos/x $ '],
  ],
})

let server: DemoServer
let root: string
let terminals = 0

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'slide-terminal-'))
  await mkdir(path.join(root, DEMO))
  server = await startDemoServer({ port: 0, demosRoot: root, log: () => {} })
})
afterAll(async () => {
  await server.close()
  await rm(root, { recursive: true, force: true })
})

/** A slide terminal on the current, live slide of a fresh deck window, activated as on mount. */
function slideTerminal(url: string | undefined) {
  const id = `t-slide-${terminals++}`
  const deck: DeckState = { terminals: new TerminalRegistry(), replayModes: new ReplayModes(),
    casts: new CastCache(async () => new Response(CAST)) }
  const xterm = new HeadlessTerminal({ cols: 80, rows: 24, allowProposedApi: true }) as unknown as Terminal
  const scope = effectScope()
  const terminal = scope.run(() => {
    const slide = { renderContext: ref('slide'), printMode: ref(false), live: ref(true), page: ref(1), currentPage: ref(1), current: ref(true) }
    const made = useSlideTerminal({ id, demo: DEMO, url, deck, slide, terminal: () => xterm, ensureTerminal: async () => xterm,
      refit: () => {}, element: () => undefined, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket })
    made.activate()
    return made
  })!
  const screen = async () => {
    await new Promise<void>(resolve => xterm.write('', resolve))
    return visibleText(xterm as never)
  }
  const phase = (runId: string) => deck.terminals.runState(id, runId)?.phase
  return { id, deck, xterm, terminal, screen, phase, stop: () => scope.stop() }
}

describe('a slide terminal', () => {
  test('with no server configured it plays the recording at the recorded size, and a run plays that step', async () => {
    const t = slideTerminal(undefined)
    await until(() => t.terminal.mode.value === 'replay', 'the switch to the recording')
    assert.match(t.terminal.replay.reason.value, /no demo server is configured/)
    assert.equal(t.terminal.connection.status.value, 'live', 'run controls treat a replaying terminal as ready')
    t.terminal.replay.player.setSpeed('instant')
    t.deck.terminals.requestRun(t.id, { runId: stepRunId(DEMO, 'one'), command: 'echo one' })
    await until(() => t.phase(stepRunId(DEMO, 'one')) === 'done', 'the replayed step')
    assert.deepEqual([t.xterm.cols, t.xterm.rows], [50, 8])
    assert.match(await t.screen(), /one \(recorded\)\ndemos\/x \$$/)
    t.stop()
  })

  test('a step that fails live plays its recording in its place, says why, and goes back to live', async () => {
    const t = slideTerminal(terminalEndpoint(server.url, server.token))
    await until(() => t.terminal.socketStatus.value === 'live', 'the live session')
    assert.equal(t.terminal.mode.value, 'live')
    t.terminal.replay.player.setSpeed('instant')
    const runId = stepRunId(DEMO, 'two')
    t.deck.terminals.requestRun(t.id, { runId, command: 'echo live-output', expect: '^never-printed$', timeoutMs: 10_000 })

    await until(() => t.terminal.mode.value === 'replay' && t.phase(runId) === 'done', 'the recording of the failed step')
    assert.match(t.terminal.replay.reason.value, /^step "two" did not show the expected output .*; playing its recording$/)
    assert.equal(t.deck.terminals.runState(t.id, runId)?.reason, 'played from the recording')
    assert.match(await t.screen(), /echo two\ntwo \(recorded\)\ndemos\/x \$$/)
    assert.notEqual(t.terminal.socketStatus.value, 'live', 'the live session is let go while the recording plays')

    t.terminal.replay.backToLive()
    await until(() => t.terminal.socketStatus.value === 'live', 'the live session again')
    assert.equal(t.terminal.mode.value, 'live')
    t.stop()
  })

  test('a server that stays unreachable past the grace period switches to the recording, and a short drop does not', async () => {
    const t = slideTerminal('ws://127.0.0.1:9/terminal?token=nobody-listens')
    await until(() => t.terminal.socketStatus.value === 'disconnected', 'the failed connection')
    await new Promise(resolve => setTimeout(resolve, UNREACHABLE_GRACE_MS / 2))
    assert.equal(t.terminal.mode.value, 'live', 'a short drop is given time to reconnect')
    await until(() => t.terminal.mode.value === 'replay', 'the switch to the recording', UNREACHABLE_GRACE_MS * 2)
    assert.match(t.terminal.replay.reason.value, /^cannot reach the demo server/)
    t.stop()
  })
})
