import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, test } from 'vitest'
import { type DemoServerOptions, resolveConfig } from './config.ts'
import { ClientFeed } from './flow-control.ts'
import { decodeServerMessage, ServerMessageType } from './protocol.ts'
import type { SessionClient } from './session.ts'
import { AttachError, SessionRegistry } from './session-registry.ts'

function fakeClient(config: ReturnType<typeof resolveConfig>, readOnly = false): SessionClient & { frames: ReturnType<typeof decodeServerMessage>[] } {
  const frames: ReturnType<typeof decodeServerMessage>[] = []
  const client = { readOnly, frames, bufferedAmount: 0, send: (frame: Uint8Array) => void frames.push(decodeServerMessage(frame)) } as
    SessionClient & { frames: typeof frames }
  client.feed = new ClientFeed(client, config)
  return client
}

describe('SessionRegistry', () => {
  let root: string
  const registries: SessionRegistry[] = []
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'registry-'))
    await mkdir(path.join(root, 'hello'))
    await mkdir(path.join(root, 'other'))
  })
  afterAll(async () => {
    await Promise.all(registries.map(registry => registry.closeAll()))
    await rm(root, { recursive: true, force: true })
  })

  function setup(options: DemoServerOptions = {}) {
    const config = resolveConfig({ demosRoot: root, log: () => {}, killGraceMs: 200, ...options })
    const registry = new SessionRegistry(config)
    registries.push(registry)
    return { config, registry }
  }
  const attachRequest = (session: string, demo = 'hello') => ({ session, demo, cols: 80, rows: 24 })

  test('clients naming the same terminal id share one session', async () => {
    const { config, registry } = setup()
    const a = await registry.attach(fakeClient(config), attachRequest('shared'))
    const b = await registry.attach(fakeClient(config), attachRequest('shared'))
    assert.equal(a, b)
    assert.equal(registry.size, 1)
    assert.equal(a.clients.size, 2)
  })

  test('an attached client is told about the session first', async () => {
    const { config, registry } = setup()
    const client = fakeClient(config)
    await registry.attach(client, attachRequest('told'))
    assert.equal(client.frames[0].type, ServerMessageType.Attached)
    assert.deepEqual(client.frames[0].type === ServerMessageType.Attached && client.frames[0].body,
      { session: 'told', demo: 'hello', readOnly: false, state: 'running', clients: 1, protocol: 1, cols: 80, rows: 24 })
  })

  test('different terminal ids get different sessions, up to the cap', async () => {
    const { config, registry } = setup({ maxSessions: 2 })
    await registry.attach(fakeClient(config), attachRequest('one'))
    await registry.attach(fakeClient(config), attachRequest('two', 'other'))
    await assert.rejects(registry.attach(fakeClient(config), attachRequest('three')),
      (error: AttachError) => error.code === 'DEMO_ERR_TOO_MANY_SESSIONS' && error.overCapacity)
  })

  test('a session takes clients up to the cap', async () => {
    const { config, registry } = setup({ maxClientsPerSession: 1 })
    await registry.attach(fakeClient(config), attachRequest('full'))
    await assert.rejects(registry.attach(fakeClient(config), attachRequest('full')),
      (error: AttachError) => error.code === 'DEMO_ERR_TOO_MANY_CLIENTS')
  })

  test('a detached session stays for the idle timeout, then ends and frees its slot', async () => {
    const { config, registry } = setup({ idleTimeoutMs: 100 })
    const client = fakeClient(config)
    const session = await registry.attach(client, attachRequest('idle'))
    registry.detach(session, client)
    assert.equal(registry.get('idle'), session)
    await new Promise(resolve => setTimeout(resolve, 200))
    assert.equal(registry.get('idle'), undefined)
    for (let wait = 0; wait < 200 && session.state !== 'exited'; wait++)
      await new Promise(resolve => setTimeout(resolve, 50))
    assert.equal(session.state, 'exited')
  })

  test('reattaching before the idle timeout keeps the session', async () => {
    const { config, registry } = setup({ idleTimeoutMs: 600 })
    const first = fakeClient(config)
    const session = await registry.attach(first, attachRequest('back'))
    registry.detach(session, first)
    await registry.attach(fakeClient(config), attachRequest('back'))
    await new Promise(resolve => setTimeout(resolve, 900))
    assert.equal(registry.get('back'), session)
  })
})
