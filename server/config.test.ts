import assert from 'node:assert/strict'
import { describe, test } from 'vitest'
import { DEFAULT_ALLOWED_ORIGINS, resolveConfig } from './config.ts'

describe('resolveConfig', () => {
  test('fills in safe defaults: loopback, a 256-bit token, the deck origins, a small max payload', () => {
    const config = resolveConfig()
    assert.equal(config.host, '127.0.0.1')
    assert.match(config.token, /^[0-9a-f]{64}$/)
    assert.deepEqual(config.allowedOrigins, DEFAULT_ALLOWED_ORIGINS)
    assert.equal(config.maxPayload, 64 * 1024)
  })

  test('makes a different token each time', () => {
    assert.notEqual(resolveConfig().token, resolveConfig().token)
  })

  test('undefined options keep their defaults', () => {
    assert.equal(resolveConfig({ port: undefined }).port, 0)
  })

  test('throws a TypeError naming the option for a bad value', () => {
    assert.throws(() => resolveConfig({ maxSessions: 0 }), /"maxSessions"/)
    assert.throws(() => resolveConfig({ port: 70000 }), TypeError)
    assert.throws(() => resolveConfig({ token: 'short' }), /"token"/)
  })

  test('throws for flow-control limits that contradict each other', () => {
    // Defaults: high 200k, low 100k, max 500k buffered per client.
    assert.throws(() => resolveConfig({ lowWaterBytes: 2_000_000 }), /"lowWaterBytes"/)
    assert.throws(() => resolveConfig({ highWaterBytes: 5_000_000 }), /"highWaterBytes"/)
  })
})
