import assert from 'node:assert/strict'
import { describe, test } from 'vitest'
import { EngineErrorCode } from '../protocol.ts'
import { DEFAULT_ENGINE_SOCKET, endpointLabel, parseDockerHost, resolveEngineEndpoint } from './engine-endpoint.ts'
import { EngineError } from './engine-error.ts'

describe('engine endpoint', () => {
  test('a unix:// DOCKER_HOST names the socket', () => {
    assert.deepEqual(parseDockerHost('unix:///tmp/engine.sock'), { kind: 'unix', socketPath: '/tmp/engine.sock' })
  })

  test('a tcp:// DOCKER_HOST without a port gets 2375, or 2376 with TLS', () => {
    assert.deepEqual(parseDockerHost('tcp://10.0.0.5'), { kind: 'tcp', host: '10.0.0.5', port: 2375 })
    assert.deepEqual(parseDockerHost('tcp://10.0.0.5', true), { kind: 'tcp', host: '10.0.0.5', port: 2376 })
    assert.deepEqual(parseDockerHost('tcp://[::1]:2380'), { kind: 'tcp', host: '::1', port: 2380 })
  })

  test('an ssh:// DOCKER_HOST is refused with ENGINE_ERR_UNSUPPORTED_ENDPOINT', () => {
    assert.throws(() => parseDockerHost('ssh://me@build-box'),
      (error: unknown) => error instanceof EngineError && error.code === EngineErrorCode.UnsupportedEndpoint)
  })

  test('DOCKER_HOST wins over the docker context', async () => {
    assert.deepEqual(await resolveEngineEndpoint({ DOCKER_HOST: 'unix:///run/other.sock', PATH: process.env.PATH }),
      { kind: 'unix', socketPath: '/run/other.sock' })
  })

  test('without DOCKER_HOST and without a docker CLI to ask, the default socket is used', async () => {
    assert.deepEqual(await resolveEngineEndpoint({ PATH: '/nonexistent' }), { kind: 'unix', socketPath: DEFAULT_ENGINE_SOCKET })
  })

  test('an endpoint is labelled the way DOCKER_HOST spells it', () => {
    assert.equal(endpointLabel({ kind: 'unix', socketPath: '/var/run/docker.sock' }), 'unix:///var/run/docker.sock')
    assert.equal(endpointLabel({ kind: 'tcp', host: '10.0.0.5', port: 2376 }), 'tcp://10.0.0.5:2376')
  })
})
