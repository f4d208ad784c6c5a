/**
 * The demo server: an HTTP server whose only job is the WebSocket upgrade at /terminal, guarded by
 * the checks in upgrade.ts, with a SessionRegistry behind it.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { CommandAllowlist } from './allowlist.ts'
import { ClientConnection } from './client-connection.ts'
import { type DemoServerOptions, resolveConfig } from './config.ts'
import { createDoctorRoute, DOCTOR_PATH } from './docker/doctor-route.ts'
import { EngineWatchers } from './engine/engine-watchers.ts'
import { CloseCode, TERMINAL_PATH } from './protocol.ts'
import { SessionRegistry } from './session-registry.ts'
import { abortHandshake, checkUpgrade } from './upgrade.ts'

export type { DemoServerOptions } from './config.ts'

export interface DemoServer {
  /** WebSocket URL without the token, e.g. ws://127.0.0.1:3031/terminal. */
  url: string
  port: number
  token: string
  /** An Origin the server accepts, for Node clients that want to look like the deck. */
  origin: string
  /** The live sessions (for tests and tools). */
  registry: SessionRegistry
  /** Closes every connection, kills every session's processes, stops listening. */
  close(): Promise<void>
}

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const config = resolveConfig(options)
  // Read once, at start, and kept beside the options rather than written back into them.
  const allowlist = config.allowlist ? await CommandAllowlist.load(config.demosRoot) : undefined
  const registry = new SessionRegistry(config)
  const engine = new EngineWatchers(config.demosRoot, config.log)
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxPayload })
  // GET /doctor?token=... serves the doctor's verdict to the presenter view.
  const doctorRoute = createDoctorRoute({ token: config.token, allowedOrigins: config.allowedOrigins, demosRoot: config.demosRoot })
  const http = createServer((request, response) => {
    if ((request.url ?? '').split('?')[0] === DOCTOR_PATH)
      return doctorRoute(request, response)
    const isTerminal = (request.url ?? '').split('?')[0] === TERMINAL_PATH
    response.writeHead(isTerminal ? 426 : 404, { 'Content-Type': 'text/plain; charset=utf-8' })
    response.end(isTerminal ? 'this endpoint speaks WebSocket only\n' : 'not found\n')
  })

  http.on('upgrade', (request, socket, head) => {
    socket.on('error', () => socket.destroy())
    const refusal = checkUpgrade(request, config)
      ?? (wss.clients.size >= config.maxConnections ? { status: 503, reason: `already ${wss.clients.size} connections` } : undefined)
    if (refusal) {
      config.log('warn', `upgrade refused with ${refusal.status}: ${refusal.reason} (from ${request.socket.remoteAddress})`)
      abortHandshake(socket, refusal)
      return
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      try {
        new ClientConnection(ws, registry, config, { allowlist, engine })
      }
      catch (error) {
        config.log('error', `could not set up a connection: ${(error as Error).message}`)
        ws.terminate()
      }
    })
  })

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    http.listen(config.port, config.host, () => {
      http.off('error', reject)
      resolve()
    })
  })
  const port = (http.address() as AddressInfo).port
  const hostInUrl = config.host.includes(':') ? `[${config.host}]` : config.host
  let closing: Promise<void> | undefined

  return {
    url: `ws://${hostInUrl}:${port}${TERMINAL_PATH}`,
    port,
    token: config.token,
    origin: config.allowedOrigins[0] ?? 'http://localhost:3030',
    registry,
    close() {
      closing ??= (async () => {
        for (const ws of wss.clients)
          ws.close(CloseCode.ServerShutdown, 'the demo server is shutting down')
        engine.close()
        await registry.closeAll()
        for (const ws of wss.clients)
          ws.terminate()
        await new Promise<void>(resolve => wss.close(() => resolve()))
        http.closeAllConnections()
        await new Promise<void>(resolve => http.close(() => resolve()))
      })()
      return closing
    },
  }
}
