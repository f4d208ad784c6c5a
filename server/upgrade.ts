/**
 * Checks an HTTP upgrade request before any WebSocket exists: path, token, Host (DNS rebinding),
 * Origin (other web pages). A refusal is a plain HTTP status on the raw socket, never a throw.
 */
import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { TERMINAL_PATH } from './protocol.ts'
import { type DemoServerConfig, LOOPBACK_HOSTS } from './config.ts'

export interface UpgradeRefusal {
  status: number
  reason: string
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** The host name of a Host header, without port, lowercase ("[::1]:3031" -> "[::1]"). */
export function hostName(header: string): string {
  const lower = header.trim().toLowerCase()
  if (lower.startsWith('['))
    return lower.slice(0, lower.indexOf(']') + 1)
  return lower.split(':')[0]
}

/** Returns why the upgrade is refused, or undefined when it may proceed. */
export function checkUpgrade(request: IncomingMessage, config: DemoServerConfig): UpgradeRefusal | undefined {
  const url = new URL(request.url ?? '/', 'http://placeholder')
  if (url.pathname !== TERMINAL_PATH)
    return { status: 404, reason: `no WebSocket endpoint at ${url.pathname}; use ${TERMINAL_PATH}` }
  const host = request.headers.host
  if (!host || !(LOOPBACK_HOSTS.includes(hostName(host)) || config.allowedHosts.includes(hostName(host))))
    return { status: 421, reason: `Host "${host ?? ''}" is not allowed; add it to DEMO_ALLOWED_HOSTS` }
  const token = url.searchParams.get('token')
  if (!token || !sameSecret(token, config.token))
    return { status: 401, reason: 'missing or wrong token' }
  // Browsers always send Origin; a non-browser client can claim any Origin, so its absence is no threat.
  const origin = request.headers.origin
  if (origin !== undefined && !config.allowedOrigins.includes(origin.replace(/\/+$/, '')))
    return { status: 403, reason: `Origin "${origin}" is not allowed; add it to DEMO_ALLOWED_ORIGINS` }
  return undefined
}

/** Answers the upgrade request with a plain HTTP error and closes the socket. */
export function abortHandshake(socket: Duplex, refusal: UpgradeRefusal): void {
  const body = `${refusal.reason}\n`
  const statusText: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 421: 'Misdirected Request', 503: 'Service Unavailable' }
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${refusal.status} ${statusText[refusal.status] ?? 'Error'}\r\nConnection: close\r\n`
      + `Content-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
  }
  socket.destroy()
}
