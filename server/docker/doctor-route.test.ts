import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, test } from 'vitest'
import type { DoctorReport } from './doctor.ts'
import { createDoctorRoute } from './doctor-route.ts'

const report: DoctorReport = { go: false, problems: ['Images the demos need'], checkedAt: '2026-01-01T00:00:00.000Z',
  checks: [{ id: 'images', title: 'Images the demos need', status: 'fail', detail: 'missing redis:7', items: ['redis:7'] }] }

describe('GET /doctor', () => {
  let server: Server
  let base: string
  let runs = 0
  beforeAll(async () => {
    const route = createDoctorRoute({ token: 'sesame', allowedOrigins: ['http://localhost:3030'],
      doctor: async () => (runs++, report) })
    server = createServer(route)
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/doctor`
  })
  afterAll(() => new Promise<void>(resolve => server.close(() => resolve())))

  test('answers 401 without the token', async () => {
    const response = await fetch(`${base}?token=wrong`)
    assert.equal(response.status, 401)
  })

  test('returns the report as JSON with CORS for an allowed origin, and reuses it within the cache time', async () => {
    const response = await fetch(`${base}?token=sesame`, { headers: { Origin: 'http://localhost:3030' } })
    assert.equal(response.status, 200)
    assert.equal(response.headers.get('access-control-allow-origin'), 'http://localhost:3030')
    assert.deepEqual(await response.json(), report)
    await fetch(`${base}?token=sesame`)
    assert.equal(runs, 1)
    await fetch(`${base}?token=sesame&refresh`)
    assert.equal(runs, 2)
  })

  test('sends no CORS header to an origin that is not allowed', async () => {
    const response = await fetch(`${base}?token=sesame`, { headers: { Origin: 'http://evil.example' } })
    assert.equal(response.headers.get('access-control-allow-origin'), null)
  })
})
