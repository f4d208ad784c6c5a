/**
 * The browser-side connection against a real demo server, in Node: `ws` stands in for the browser's
 * WebSocket and a string collects what xterm would draw.
 */
import assert from 'node:assert/strict'
import { mkdtemp, mkdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, test } from 'vitest'
import { effectScope } from 'vue'
import WebSocket from 'ws'
import { startDemoServer, type DemoServer } from '../../server/demo-server.ts'
import { terminalEndpoint } from './demoServerConfig.ts'
import { useTerminalConnection } from './useTerminalConnection.ts'
import { until } from '../support/until.ts'

describe('the terminal connection', () => {
  let server: DemoServer
  let root: string

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'conn-test-'))
    await mkdir(path.join(root, 'alpha'))
    server = await startDemoServer({ port: 0, demosRoot: root, log: () => {} })
  })
  afterAll(async () => {
    await server.close()
    await rm(root, { recursive: true, force: true })
  })

  function open(session: string, url = terminalEndpoint(server.url, server.token), phases: string[] = []) {
    const decoder = new TextDecoder()
    const screen = { text: '', resets: 0 }
    const scope = effectScope()
    const connection = scope.run(() => useTerminalConnection({
      session,
      demo: 'alpha',
      url,
      sink: {
        write: (data, rendered) => {
          screen.text += decoder.decode(data, { stream: true })
          setTimeout(() => rendered?.(), 0)
        },
        reset: () => {
          screen.text = ''
          screen.resets++
        },
      },
      size: () => ({ cols: 80, rows: 24 }),
      onRunState: state => phases.push(`${state.runId}:${state.phase}`),
      retryMs: 50,
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    }))!
    return { connection, screen, scope }
  }

  test('goes live, shows what is typed, and stops cleanly when its scope is disposed', async () => {
    const { connection, screen, scope } = open('t-echo')
    connection.connect()
    await until(() => connection.status.value === 'live', 'live')
    connection.input('echo hi-$((40+2))\r')
    await until(() => screen.text.includes('hi-42'), 'echo')
    scope.stop()
    assert.equal(connection.status.value, 'idle')
  })

  test('restores the screen from the snapshot after reconnecting', async () => {
    const first = open('t-snap')
    first.connection.connect()
    await until(() => first.connection.status.value === 'live', 'live')
    first.connection.input('echo kept-on-screen\r')
    await until(() => first.screen.text.includes('kept-on-screen\r\n'), 'output')
    first.scope.stop()
    const second = open('t-snap')
    second.connection.connect()
    await until(() => second.screen.text.includes('kept-on-screen'), 'snapshot')
    assert.ok(second.screen.resets >= 1, 'the terminal was reset before the snapshot')
    second.scope.stop()
  })

  test('reports a wrong token as disconnected and keeps retrying without throwing', async () => {
    const { connection, scope } = open('t-bad', terminalEndpoint(server.url, 'wrong'.repeat(10)))
    connection.connect()
    await until(() => connection.status.value === 'disconnected', 'disconnected')
    assert.notEqual(connection.error.value, '')
    scope.stop()
  })

  test('runs a command once however often it is asked for, even before it is attached', async () => {
    const phases: string[] = []
    const { connection, screen, scope } = open('t-run', undefined, phases)
    connection.connect()
    connection.run({ runId: 'r1', command: 'echo once-$((1+1))', expect: 'once-2' })
    connection.run({ runId: 'r1', command: 'echo once-$((1+1))', expect: 'once-2' })
    await until(() => phases.includes('r1:done'), 'the run to be done')
    connection.run({ runId: 'r1', command: 'echo once-$((1+1))', expect: 'once-2' })
    await new Promise(resolve => setTimeout(resolve, 300))
    assert.equal(screen.text.split('echo once-').length - 1, 1, screen.text)
    assert.equal(screen.text.split(/\ronce-2\r\n/).length - 1, 1, JSON.stringify(screen.text))
    scope.stop()
  })
})
