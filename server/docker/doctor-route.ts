/**
 * `GET /doctor?token=...` for the presenter view: the doctor's report as JSON. Mount the handler on
 * the demo server's HTTP server (same token as the terminal). Reports are cached for a few seconds so
 * several open windows do not each start a round of docker commands.
 */
import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { DOCTOR_PATH } from '../protocol.ts'
import { type DoctorReport, runDoctor } from './doctor.ts'

export { DOCTOR_PATH }

export interface DoctorRouteOptions {
  /** The demo server's token; requests without it get 401. */
  token: string
  /** Origins allowed to read the report from a browser (CORS). @default [] */
  allowedOrigins?: string[]
  demosRoot?: string
  /** How long a report is reused, in ms. @default 15 000 */
  cacheMs?: number
  /** Produces the report (tests pass a stub). @default runDoctor */
  doctor?: () => Promise<DoctorReport>
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

export function createDoctorRoute(options: DoctorRouteOptions): (request: IncomingMessage, response: ServerResponse) => void {
  const doctor = options.doctor ?? (() => runDoctor({ demosRoot: options.demosRoot }))
  const cacheMs = options.cacheMs ?? 15_000
  let cached: { at: number; report: Promise<DoctorReport> } | undefined

  return function doctorOnRequest(request, response) {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const origin = request.headers.origin
    const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }
    if (origin && options.allowedOrigins?.includes(origin)) {
      headers['Access-Control-Allow-Origin'] = origin
      headers.Vary = 'Origin'
    }
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, headers)
      response.end(`${JSON.stringify(body)}\n`)
    }
    if (request.method !== 'GET')
      return reply(405, { error: 'use GET' })
    if (!sameToken(url.searchParams.get('token') ?? '', options.token))
      return reply(401, { error: 'missing or wrong token' })
    if (!cached || Date.now() - cached.at > cacheMs || url.searchParams.has('refresh'))
      cached = { at: Date.now(), report: doctor() }
    const current = cached
    current.report.then(report => reply(200, report), (error: Error) => {
      if (cached === current)
        cached = undefined
      reply(500, { error: `the doctor failed: ${error.message}` })
    })
  }
}
