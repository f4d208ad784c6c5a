/**
 * Cross-site and misdirected access: another web page's Origin, a DNS-rebinding Host, a missing or
 * stale token, and working folders outside demos/ are each refused: before the upgrade with an HTTP
 * status, after it with a coded Error, and in no case does a shell start.
 */
import assert from 'node:assert/strict'
import { symlink } from 'node:fs/promises'
import { request } from 'node:http'
import path from 'node:path'
import { afterAll, beforeAll, test } from 'vitest'
import { ErrorCode } from '../../server/protocol.ts'
import { TerminalClient, TerminalClientError } from '../../server/terminal-client.ts'
import { type AbuseServer, descendants, startAbuseServer } from './support/fixtures.ts'

let server: AbuseServer
let staleToken: string

beforeAll(async () => {
  const previous = await startAbuseServer()
  staleToken = previous.token
  await previous.dispose()
  server = await startAbuseServer()
  await symlink('/etc', path.join(server.root, 'escape'))
})

afterAll(async () => {
  await server?.dispose()
})

/** The HTTP status a raw upgrade request gets. */
function upgradeStatus(headers: Record<string, string>, token: string | null = server.token): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path: `/terminal${token === null ? '' : `?token=${token}`}`,
      headers: { 'Connection': 'Upgrade', 'Upgrade': 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers } })
    req.on('response', (response) => {
      response.resume()
      resolve(response.statusCode!)
    })
    req.on('upgrade', (_response, socket) => {
      socket.destroy()
      resolve(101)
    })
    req.on('error', reject)
    req.end()
  })
}

const connect = (options: { token?: string; origin?: string; demo?: string }) =>
  TerminalClient.connect({ url: server.url, token: options.token ?? server.token, origin: options.origin, session: 'probe', demo: options.demo ?? 'lab' })

test('the deck\'s own origin with the current token is accepted (the control case)', async () => {
  assert.equal(await upgradeStatus({ Origin: server.origin }), 101)
})

test('a WebSocket from another web page\'s Origin is refused with 403', async () => {
  assert.equal(await upgradeStatus({ Origin: 'https://evil.example' }), 403)
  assert.equal(await upgradeStatus({ Origin: 'http://localhost:3030.evil.example' }), 403)
  assert.equal(await upgradeStatus({ Origin: 'null' }), 403)
  await assert.rejects(connect({ origin: 'http://evil.example' }), (error: TerminalClientError) => error.status === 403)
})

test('a rebinding Host header is refused with 421', async () => {
  assert.equal(await upgradeStatus({ Host: 'evil.example', Origin: server.origin }), 421)
  assert.equal(await upgradeStatus({ Host: `evil.example:${server.port}`, Origin: server.origin }), 421)
  assert.equal(await upgradeStatus({ Host: `127.0.0.1.evil.example:${server.port}`, Origin: server.origin }), 421)
})

test('a missing, wrong or stale token is refused with 401', async () => {
  assert.equal(await upgradeStatus({ Origin: server.origin }, null), 401)
  assert.equal(await upgradeStatus({ Origin: server.origin }, ''), 401)
  assert.equal(await upgradeStatus({ Origin: server.origin }, `${server.token.slice(0, -1)}${server.token.endsWith("0") ? "1" : "0"}`), 401)
  assert.notEqual(staleToken, server.token)
  await assert.rejects(connect({ token: staleToken }), (error: TerminalClientError) => error.status === 401,
    'the token of a previous start opens nothing')
})

test('working folders outside demos/ are refused and start no shell', async () => {
  for (const demo of ['..', '../..', '/etc', '/tmp', 'lab/../../..', 'escape', 'escape/ssh', 'C:\\Windows', 'lab\0x']) {
    await assert.rejects(connect({ demo }), (error: TerminalClientError) =>
      error.code === ErrorCode.PathOutsideDemos || error.code === ErrorCode.DemoNotFound || error.code === ErrorCode.MalformedFrame, `demo "${demo}"`)
  }
  await assert.rejects(connect({ demo: 'escape' }), (error: TerminalClientError) => error.code === ErrorCode.PathOutsideDemos,
    'a symlink inside demos/ that leads out is judged by where it leads')
  assert.deepEqual(await descendants(server.pid), [], 'no shell was started for any of them')
})
