import assert from 'node:assert/strict'
import { describe, test } from 'vitest'
import { descendantsOf, eventually } from './support/processes.ts'
import { startChildServer, startTestServer } from './support/demos-root.ts'

const PROMPT = /demos\/hello \$/

describe('session lifecycle', () => {
  test('200 connect and disconnect cycles leave no processes behind', async () => {
    const server = await startChildServer({ idleTimeoutMs: 20, killGraceMs: 500 })
    try {
      for (let cycle = 0; cycle < 200; cycle++) {
        const client = await server.connect({ session: `cycle-${cycle % 10}` })
        if (cycle % 10 === 0)
          await client.waitFor(PROMPT)
        if (cycle % 20 === 0)
          client.type('sleep 30 &\r')
        await client.close()
      }
      const gone = await eventually(async () => (await descendantsOf(server.pid)).length === 0, 15_000)
      assert.ok(gone, `processes left: ${(await descendantsOf(server.pid)).join(' ')}`)
      // And it still serves.
      const client = await server.connect({ session: 'after-cycles' })
      await client.waitFor(PROMPT)
      await client.close()
    }
    finally {
      await server.close()
    }
  })

  test('a session with no clients ends after the idle timeout', async () => {
    const server = await startTestServer({ idleTimeoutMs: 300 })
    try {
      const client = await server.connect({ session: 'idle' })
      await client.waitFor(PROMPT)
      await client.close()
      assert.ok(server.server.registry.get('idle'), 'the session outlives its last client for a while')
      assert.ok(await eventually(() => server.server.registry.get('idle') === undefined, 3000))
    }
    finally {
      await server.close()
    }
  })

  test('a client that comes back before the idle timeout finds its shell as it was', async () => {
    const server = await startTestServer({ idleTimeoutMs: 5000 })
    try {
      const first = await server.connect({ session: 'comeback' })
      await first.waitFor(PROMPT)
      first.type('export KEPT=yes-kept\r')
      await first.close()
      const again = await server.connect({ session: 'comeback' })
      const mark = again.mark()
      again.type('echo "$KEPT"\r')
      await again.waitFor('yes-kept\r\n', { since: mark })
      await again.close()
    }
    finally {
      await server.close()
    }
  })

  test('stopping the server ends every process, even one that ignores SIGHUP', async () => {
    const server = await startChildServer({ killGraceMs: 300 })
    const client = await server.connect({ session: 'stubborn' })
    await client.waitFor(PROMPT)
    client.type('(trap "" HUP; exec sleep 300 </dev/null >/dev/null 2>&1) &\r')
    client.type('sleep 300\r')
    assert.ok(await eventually(async () => (await descendantsOf(server.pid)).length >= 3, 5000))
    const before = await descendantsOf(server.pid)
    await server.close()
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0)
        return true
      }
      catch {
        return false
      }
    }
    assert.ok(await eventually(() => before.every(pid => !alive(pid)), 5000), 'every process of the session ended')
  })
})
