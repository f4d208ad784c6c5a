import assert from 'node:assert/strict'
import { describe, test } from 'vitest'
import {
  ClientMessageType,
  decodeClientMessage,
  decodeServerMessage,
  encodeClient,
  encodeServer,
  type EnginePicture,
  ErrorCode,
  ProtocolError,
  ServerMessageType,
} from './protocol.ts'

const picture: EnginePicture = {
  revision: 3,
  scope: 'demos',
  engine: { status: 'live', endpoint: 'unix:///var/run/docker.sock', version: '28.5.2' },
  images: [{ id: 'sha256:aa', tags: ['debian:bookworm-slim'], size: 74_000_000, created: 1 }],
  containers: [{
    id: 'c1', name: 'demo-web', image: 'debian:bookworm-slim', imageId: 'sha256:aa', status: 'running', autoRemove: true,
    ports: [{ hostIp: '0.0.0.0', hostPort: 8081, containerPort: 80, protocol: 'tcp' }],
    mounts: [{ type: 'volume', name: 'demo-data', destination: '/data', readOnly: false }],
    networks: ['n1'],
    created: 2,
  }],
  volumes: [{ name: 'demo-data', driver: 'local', anonymous: false, created: 2 }],
  networks: [{ id: 'n1', name: 'bridge', driver: 'bridge', builtin: true, created: 0 }],
}

function expectRefused(bytes: Uint8Array, code: string, decode: (bytes: Uint8Array) => unknown = decodeClientMessage) {
  assert.throws(() => decode(bytes), (error: unknown) => error instanceof ProtocolError && error.code === code)
}

describe('protocol: the engine picture', () => {
  test('a watch request without a scope asks for what the demos touch', () => {
    const message = decodeClientMessage(encodeClient.watchEngine())
    assert.equal(message.type, ClientMessageType.WatchEngine)
    assert.deepEqual(message.type === ClientMessageType.WatchEngine && message.body, { scope: 'demos' })
  })

  test('a watch request keeps scope "all"', () => {
    const message = decodeClientMessage(encodeClient.watchEngine({ scope: 'all' }))
    assert.deepEqual(message.type === ClientMessageType.WatchEngine && message.body, { scope: 'all' })
  })

  test('a watch request with an unknown scope is refused as malformed', () => {
    expectRefused(encodeClient.watchEngine({ scope: 'everything' as 'all' }), ErrorCode.MalformedFrame)
  })

  test('an unwatch request is one byte', () => {
    const bytes = encodeClient.unwatchEngine()
    assert.deepEqual([...bytes], [ClientMessageType.UnwatchEngine])
    assert.equal(decodeClientMessage(bytes).type, ClientMessageType.UnwatchEngine)
  })

  test('a whole picture survives encode and decode', () => {
    const message = decodeServerMessage(encodeServer.enginePicture(picture))
    assert.equal(message.type, ServerMessageType.EngineState)
    assert.deepEqual(message.type === ServerMessageType.EngineState && message.body, { kind: 'full', picture })
  })

  test('a diff survives encode and decode', () => {
    const diff = { from: 3, revision: 4, upsert: { containers: [{ ...picture.containers[0], status: 'exited' as const, exitCode: 0 }] }, remove: { volumes: ['demo-data'] } }
    const message = decodeServerMessage(encodeServer.engineDiff(diff))
    assert.deepEqual(message.type === ServerMessageType.EngineState && message.body, { kind: 'diff', diff })
  })

  test('an engine state that is neither a picture nor a diff is refused as malformed', () => {
    const bytes = new Uint8Array([ServerMessageType.EngineState, ...new TextEncoder().encode('{"kind":"full","picture":null}')])
    expectRefused(bytes, ErrorCode.MalformedFrame, decodeServerMessage)
  })
})
