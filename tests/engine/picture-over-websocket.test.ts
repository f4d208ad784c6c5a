/**
 * The engine picture through the demo server, end to end: a window that sends WatchEngine gets the
 * whole picture and then its changes as the terminal's commands run; a window that does not ask
 * gets no EngineState at all, and Unwatch stops the stream. Environment values never travel.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, test } from 'vitest'
import { docker } from '../../server/docker/docker-cli.ts'
import { decodeServerMessage, ServerMessageType, toBytes } from '../../server/protocol.ts'
import type { TerminalClient } from '../../server/terminal-client.ts'
import { type ServerHandle, startTestServer } from '../server/support/demos-root.ts'
import { eventually } from '../server/support/processes.ts'
import { dockerAvailability, skipUnless } from '../support/requirements.ts'

const NAME = `demo-wspicture-${randomBytes(3).toString('hex')}`
const SECRET = `secret-${randomBytes(8).toString('hex')}`

function engineMessages(client: TerminalClient): () => number {
  let count = 0
  client.socket.on('message', (data: Buffer) => {
    if (decodeServerMessage(toBytes(data)).type === ServerMessageType.EngineState)
      count++
  })
  return () => count
}

describe.skipIf(skipUnless(await dockerAvailability(), 'REQUIRE_DOCKER'))('the engine picture over the terminal WebSocket', () => {
  let server: ServerHandle

  beforeAll(async () => {
    server = await startTestServer()
  })

  afterAll(async () => {
    await docker(['rm', '-f', NAME])
    await server?.close()
  })

  test('goes to the windows that ask for it, follows the terminal, and stops on Unwatch', async () => {
    const watcher = await server.connect({ session: 'shell' })
    const bystander = await server.connect({ session: 'shell' })
    const bystanderGot = engineMessages(bystander)
    try {
      watcher.watchEngine()
      assert.ok(await eventually(() => watcher.engine.picture?.engine.status === 'live', 20_000, 50), 'a live picture arrived')

      watcher.type(`docker run -d -e TOKEN=${SECRET} --name ${NAME} debian:bookworm-slim sleep 300\r`)
      const container = () => watcher.engine.picture?.containers.find(entry => entry.name === NAME)
      assert.ok(await eventually(() => container()?.status === 'running', 30_000, 50), 'the container shows as running')
      assert.ok(!JSON.stringify(watcher.engine.picture).includes(SECRET), 'no environment value reaches the picture')

      watcher.unwatchEngine()
      await new Promise(resolve => setTimeout(resolve, 300))
      const revision = watcher.engine.picture!.revision
      assert.equal((await docker(['stop', '-t', '1', NAME])).ok, true)
      await new Promise(resolve => setTimeout(resolve, 1000))
      assert.equal(watcher.engine.picture!.revision, revision, 'nothing more arrives after Unwatch')
      assert.equal(bystanderGot(), 0, 'a window that never asked got no EngineState')
    }
    finally {
      await Promise.all([watcher.close(), bystander.close()])
    }
  }, 120_000)
})
