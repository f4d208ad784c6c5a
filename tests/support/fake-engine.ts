/**
 * A stand-in Docker engine on a Unix socket: the few Engine API endpoints the engine follower reads,
 * answering from lists a test edits, and an /events stream the test writes to. It can stop (closing
 * every connection and its socket, as a stopped dockerd does) and start again on the same path.
 */
import { rm } from 'node:fs/promises'
import http from 'node:http'
import type { Socket } from 'node:net'
import type { ApiEvent } from '../../server/engine/engine-events.ts'
import type { ApiContainerInspect, ApiImageSummary, ApiNetwork, ApiVolume } from '../../server/engine/engine-objects.ts'

export class FakeEngine {
  images: ApiImageSummary[] = []
  containers: ApiContainerInspect[] = []
  volumes: ApiVolume[] = []
  networks: ApiNetwork[] = []
  /** Every path asked for, in order. */
  readonly requests: string[] = []
  private server: http.Server | undefined
  private readonly streams = new Set<http.ServerResponse>()
  private readonly sockets = new Set<Socket>()

  constructor(readonly socketPath: string) {}

  /** Open /events streams. */
  get followers(): number {
    return this.streams.size
  }

  async start(): Promise<void> {
    this.server = http.createServer((request, response) => this.answer(request, response))
    this.server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
    await new Promise<void>(resolve => this.server!.listen(this.socketPath, resolve))
  }

  async stop(): Promise<void> {
    const server = this.server
    this.server = undefined
    for (const socket of this.sockets)
      socket.destroy()
    if (server)
      await new Promise(resolve => server.close(resolve))
    await rm(this.socketPath, { force: true })
  }

  /** Sends an event to every open stream. */
  emit(event: ApiEvent): void {
    for (const stream of this.streams)
      stream.write(`${JSON.stringify({ timeNano: Date.now() * 1e6, ...event })}\n`)
  }

  private answer(request: http.IncomingMessage, response: http.ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://engine')
    this.requests.push(url.pathname)
    const json = (body: unknown) => {
      if (body === undefined) {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"No such object"}')
        return
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    }
    const [, kind, id] = /^\/([a-z]+)(?:\/([^/]+))?/.exec(url.pathname) ?? []
    const name = decodeURIComponent(id ?? '')
    if (url.pathname === '/version')
      return json({ Version: '28.5.2-fake', ApiVersion: '1.51' })
    if (url.pathname === '/events') {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.flushHeaders()
      this.streams.add(response)
      response.on('close', () => this.streams.delete(response))
      return
    }
    if (url.pathname === '/images/json')
      return json(this.images)
    if (url.pathname === '/containers/json')
      return json(this.containers.map(c => ({ Id: c.Id, Names: [c.Name], Image: c.Config?.Image, ImageID: c.Image, Labels: c.Config?.Labels })))
    if (kind === 'containers')
      return json(this.containers.find(c => c.Id === name))
    if (url.pathname === '/volumes')
      return json({ Volumes: this.volumes, Warnings: null })
    if (kind === 'volumes')
      return json(this.volumes.find(v => v.Name === name))
    if (url.pathname === '/networks')
      return json(this.networks)
    if (kind === 'networks')
      return json(this.networks.find(n => n.Id === name))
    json(undefined)
  }
}
