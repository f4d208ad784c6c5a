import assert from 'node:assert/strict'
import { symlink } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, test } from 'vitest'
import WebSocket from 'ws'
import { ClientMessageType, decodeServerMessage, encodeClient, type ErrorInfo, ServerMessageType } from '../../server/protocol.ts'
import { TerminalClientError } from '../../server/terminal-client.ts'
import { type ServerHandle, startTestServer } from './support/demos-root.ts'

/** Status of a refused upgrade, or 101 when it was accepted. */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers })
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0)
      socket.terminate()
    })
    socket.once('open', () => {
      resolve(101)
      socket.close()
    })
    socket.once('error', error => !/Unexpected server response/.test(error.message) && reject(error))
  })
}

/** A raw socket that has attached, plus the server messages it received. */
async function rawClient(server: ServerHandle) {
  const socket = new WebSocket(`${server.url}?token=${server.token}`, { headers: { Origin: server.origin } })
  const messages: ReturnType<typeof decodeServerMessage>[] = []
  socket.on('message', data => messages.push(decodeServerMessage(new Uint8Array(data as Buffer))))
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
  const nextError = () => new Promise<ErrorInfo>((resolve) => {
    const check = () => {
      const found = messages.findIndex(m => m.type === ServerMessageType.Error)
      if (found !== -1)
        return resolve((messages.splice(found, 1)[0] as { body: ErrorInfo }).body)
      setTimeout(check, 10)
    }
    check()
  })
  return { socket, messages, nextError }
}

async function stillServes(server: ServerHandle, session: string) {
  const client = await server.connect({ session })
  await client.waitFor(/\$/)
  const mark = client.mark()
  client.type('echo alive-""and-well\r')
  await client.waitFor('alive-and-well', { since: mark })
  await client.close()
}

describe('refusals', () => {
  let server: ServerHandle & { root: string }
  beforeAll(async () => {
    server = await startTestServer({ maxPayload: 16 * 1024 })
  })
  afterAll(() => server.close())

  test('an upgrade without the token is refused with 401', async () => {
    assert.equal(await upgradeStatus(server.url, { Origin: server.origin }), 401)
    assert.equal(await upgradeStatus(`${server.url}?token=${'0'.repeat(64)}`, { Origin: server.origin }), 401)
  })

  test('an upgrade from another Origin is refused with 403', async () => {
    assert.equal(await upgradeStatus(`${server.url}?token=${server.token}`, { Origin: 'http://evil.example' }), 403)
  })

  test('an upgrade with a Host that is not loopback is refused with 421 (DNS rebinding)', async () => {
    assert.equal(await upgradeStatus(`${server.url}?token=${server.token}`, { Origin: server.origin, Host: `rebind.example:${server.port}` }), 421)
  })

  test('an upgrade on another path is refused with 404', async () => {
    assert.equal(await upgradeStatus(`${server.url.replace('/terminal', '/other')}?token=${server.token}`, {}), 404)
  })

  test('the right token, Origin and Host are accepted', async () => {
    assert.equal(await upgradeStatus(`${server.url}?token=${server.token}`, { Origin: server.origin, Host: `localhost:${server.port}` }), 101)
    await stillServes(server, 'after-upgrades')
  })

  test('malformed frames get an Error each and the connection keeps working', async () => {
    const { socket, nextError, messages } = await rawClient(server)
    socket.send('a text frame')
    assert.equal((await nextError()).code, 'DEMO_ERR_MALFORMED_FRAME')
    socket.send(new Uint8Array([0x00, 1, 2]))
    assert.equal((await nextError()).code, 'DEMO_ERR_UNKNOWN_MESSAGE')
    socket.send(new Uint8Array([ClientMessageType.Resize, 0x7b]))
    assert.equal((await nextError()).code, 'DEMO_ERR_MALFORMED_FRAME')
    socket.send(encodeClient.input('echo too early\r'))
    assert.equal((await nextError()).code, 'DEMO_ERR_NOT_ATTACHED')
    socket.send(new Uint8Array([ClientMessageType.Attach, ...new TextEncoder().encode('{"session":"Bad Id!","demo":"hello","cols":80,"rows":24}')]))
    assert.equal((await nextError()).code, 'DEMO_ERR_BAD_SESSION_ID')
    socket.send(encodeClient.attach({ session: 'malformed', demo: 'hello', cols: 80, rows: 24 }))
    await new Promise(resolve => setTimeout(resolve, 300))
    assert.ok(messages.some(m => m.type === ServerMessageType.Attached))
    socket.send(encodeClient.attach({ session: 'malformed', demo: 'hello', cols: 80, rows: 24 }))
    assert.equal((await nextError()).code, 'DEMO_ERR_ALREADY_ATTACHED')
    socket.close()
    await stillServes(server, 'after-malformed')
  })

  test('an oversize frame closes that connection with 1009 and the server still serves', async () => {
    const { socket } = await rawClient(server)
    const closed = new Promise<number>(resolve => socket.once('close', code => resolve(code)))
    socket.send(new Uint8Array(64 * 1024).fill(ClientMessageType.Input))
    assert.equal(await closed, 1009)
    await stillServes(server, 'after-oversize')
  })

  test('a demo path outside demos/ is refused with its code', async () => {
    for (const demo of ['../..', '/etc', 'hello/../../x']) {
      await assert.rejects(server.connect({ session: 'escape', demo }),
        (error: TerminalClientError) => error.code === 'DEMO_ERR_PATH_OUTSIDE_DEMOS')
    }
    await symlink(os.tmpdir(), path.join(server.root, 'sneaky'))
    await assert.rejects(server.connect({ session: 'escape', demo: 'sneaky' }),
      (error: TerminalClientError) => error.code === 'DEMO_ERR_PATH_OUTSIDE_DEMOS')
    await assert.rejects(server.connect({ session: 'escape', demo: 'no-such-demo' }),
      (error: TerminalClientError) => error.code === 'DEMO_ERR_DEMO_NOT_FOUND')
    await stillServes(server, 'after-escape')
  })

  test('a session id already running another demo is refused', async () => {
    const first = await server.connect({ session: 'mismatch', demo: 'hello' })
    await assert.rejects(server.connect({ session: 'mismatch', demo: 'other' }),
      (error: TerminalClientError) => error.code === 'DEMO_ERR_DEMO_MISMATCH')
    await first.close()
  })
})

describe('capacity', () => {
  let server: ServerHandle
  beforeAll(async () => {
    server = await startTestServer({ maxSessions: 1, maxClientsPerSession: 2 })
  })
  afterAll(() => server.close())

  test('sessions and clients over the caps are refused with their codes', async () => {
    const first = await server.connect({ session: 'one' })
    await assert.rejects(server.connect({ session: 'two' }), (error: TerminalClientError) => error.code === 'DEMO_ERR_TOO_MANY_SESSIONS')
    const second = await server.connect({ session: 'one' })
    await assert.rejects(server.connect({ session: 'one' }), (error: TerminalClientError) => error.code === 'DEMO_ERR_TOO_MANY_CLIENTS')
    await first.close()
    await second.close()
  })

  test('a session nobody is attached to makes room for a new one', async () => {
    const client = await server.connect({ session: 'three' })
    await client.waitFor(/\$/)
    await client.close()
  })
})
