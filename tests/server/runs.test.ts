import assert from 'node:assert/strict'
import { afterAll, beforeAll, describe, test } from 'vitest'
import type { RunStateInfo } from '../../server/protocol.ts'
import { type ServerHandle, startTestServer } from './support/demos-root.ts'

const count = (text: string, needle: string) => text.split(needle).length - 1

describe('runs', () => {
  let server: ServerHandle
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(() => server.close())

  test('a run sent by two clients with the same runId is carried out once and both see it', async () => {
    const presenter = await server.connect({ session: 'dedupe' })
    const audience = await server.connect({ session: 'dedupe' })
    await presenter.waitFor(/\$/)
    const states: RunStateInfo[] = []
    audience.on('runState', state => states.push(state))
    const request = { runId: 'slide-3', command: 'echo "ran-$((6*7))"', expect: 'ran-42' }
    const [first, second] = await Promise.all([presenter.run(request), audience.run(request)])
    assert.equal(first.phase, 'done')
    assert.equal(second.phase, 'done')
    await new Promise(resolve => setTimeout(resolve, 200))
    assert.equal(count(presenter.text, 'ran-42'), 1)
    assert.equal(count(audience.text, 'ran-42'), 1)
    assert.deepEqual([...new Set(states.map(state => state.phase))], ['typing', 'running', 'done'])
    const again = await audience.run(request)
    assert.equal(again.phase, 'done')
    await new Promise(resolve => setTimeout(resolve, 200))
    assert.equal(count(presenter.text, 'ran-42'), 1, 'a repeated run id is not typed again')
    await presenter.close()
    await audience.close()
  })

  test('runs queue in order and report the exit status from the prompt marker', async () => {
    const client = await server.connect({ session: 'queue' })
    const runs = [
      client.run({ runId: 'a', command: 'sleep 0.3; echo first-""run' }),
      client.run({ runId: 'b', command: 'echo second-""run; false' }),
    ]
    const [a, b] = await Promise.all(runs)
    assert.deepEqual([a.phase, a.exitCode], ['done', 0])
    assert.deepEqual([b.phase, b.exitCode], ['done', 1])
    assert.ok(client.text.indexOf('first-run') < client.text.indexOf('second-run'), JSON.stringify(client.text))
    await client.close()
  })

  test('a run types at typeDelayMs and its output matches expect', async () => {
    const client = await server.connect({ session: 'typing' })
    const started = Date.now()
    const state = await client.run({ runId: 't', command: 'echo slow-""typed', typeDelayMs: 20, expect: 'slow-typed' })
    assert.equal(state.phase, 'done')
    assert.ok(Date.now() - started >= 17 * 20, 'typing took about one delay per character')
    await client.close()
  })

  test('a run fails when the prompt returns without the expected output', async () => {
    const client = await server.connect({ session: 'fails' })
    const state = await client.run({ runId: 'f', command: 'echo something-else', expect: '^never-printed$' })
    assert.equal(state.phase, 'failed')
    assert.match(state.reason ?? '', /without output matching/)
    await client.close()
  })

  test('a run times out after timeoutMs', async () => {
    const client = await server.connect({ session: 'slow' })
    const state = await client.run({ runId: 's', command: 'sleep 5', timeoutMs: 500 })
    assert.equal(state.phase, 'timeout')
    client.type('\x03')
    await client.close()
  })

  test('a read-only client may not run commands', async () => {
    const writer = await server.connect({ session: 'ro-run' })
    const viewer = await server.connect({ session: 'ro-run', readOnly: true })
    await assert.rejects(viewer.run({ runId: 'r', command: 'echo x' }), /DEMO_ERR_READ_ONLY/)
    await writer.close()
    await viewer.close()
  })
})
