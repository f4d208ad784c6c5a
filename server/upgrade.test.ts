import assert from 'node:assert/strict'
import type { IncomingMessage } from 'node:http'
import { describe, test } from 'vitest'
import { resolveConfig } from './config.ts'
import { checkUpgrade, hostName } from './upgrade.ts'

const config = resolveConfig({ token: 'a'.repeat(64), allowedHosts: ['talk.local'] })
const request = (url: string, headers: Record<string, string>) => ({ url, headers }) as unknown as IncomingMessage
const ok = { host: '127.0.0.1:3031', origin: 'http://localhost:3030' }

describe('checkUpgrade', () => {
  test('reads the host name out of a Host header', () => {
    assert.equal(hostName('LOCALHOST:3031'), 'localhost')
    assert.equal(hostName('[::1]:3031'), '[::1]')
    assert.equal(hostName('127.0.0.1'), '127.0.0.1')
  })

  test('accepts the token with a loopback Host and the deck Origin', () => {
    assert.equal(checkUpgrade(request(`/terminal?token=${'a'.repeat(64)}`, ok), config), undefined)
  })

  test('accepts a client that sends no Origin (not a browser)', () => {
    assert.equal(checkUpgrade(request(`/terminal?token=${'a'.repeat(64)}`, { host: ok.host }), config), undefined)
  })

  test('accepts a configured extra host', () => {
    assert.equal(checkUpgrade(request(`/terminal?token=${'a'.repeat(64)}`, { ...ok, host: 'talk.local:3031' }), config), undefined)
  })

  test('refuses with the status that says why', () => {
    assert.equal(checkUpgrade(request('/terminal', ok), config)?.status, 401)
    assert.equal(checkUpgrade(request(`/terminal?token=${'b'.repeat(64)}`, ok), config)?.status, 401)
    assert.equal(checkUpgrade(request(`/terminal?token=${'a'.repeat(64)}`, { ...ok, origin: 'http://evil.example' }), config)?.status, 403)
    assert.equal(checkUpgrade(request(`/terminal?token=${'a'.repeat(64)}`, { ...ok, host: 'evil.example' }), config)?.status, 421)
    assert.equal(checkUpgrade(request(`/terminal?token=${'a'.repeat(64)}`, { origin: ok.origin }), config)?.status, 421)
    assert.equal(checkUpgrade(request(`/other?token=${'a'.repeat(64)}`, ok), config)?.status, 404)
  })
})
