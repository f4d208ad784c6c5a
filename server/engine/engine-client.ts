/**
 * The Docker Engine API over its socket: plain HTTP on a Unix socket (or TCP, with TLS when
 * configured), JSON answers, and the long-lived /events stream. No CLI output is read anywhere.
 * node:http rather than dockerode: we need five GET endpoints and one stream, and dockerode brings
 * docker-modem and an SSH stack for them.
 */
import http from 'node:http'
import https from 'node:https'
import { EngineErrorCode } from '../protocol.ts'
import type { EngineEndpoint } from './engine-endpoint.ts'
import { asEngineError, EngineError } from './engine-error.ts'
import { JsonLineSplitter } from './json-lines.ts'

export interface EngineClientOptions {
  /** How long a JSON request may take. @default 10 000 ms */
  timeoutMs?: number
}

export interface EventStreamOptions {
  /** Engine event filters, e.g. `{ type: ['container'] }`. */
  filters?: Record<string, string[]>
  /** Called once the engine has accepted the stream: events after this moment will arrive. */
  onOpen?: () => void
  onEvent: (event: unknown) => void
  signal?: AbortSignal
}

export class EngineClient {
  private readonly agent: http.Agent
  private readonly timeoutMs: number

  constructor(readonly endpoint: EngineEndpoint, options: EngineClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 10_000
    // Kept-alive connections: an event's follow-up request then costs no connect.
    const agentOptions = { keepAlive: true, maxSockets: 4 }
    this.agent = endpoint.kind === 'tcp' && endpoint.tls
      ? new https.Agent({ ...agentOptions, ...endpoint.tls })
      : new http.Agent(agentOptions)
  }

  /** GETs a JSON document; a 404 gives `undefined` (the object is gone), other errors throw EngineError. */
  async getJson<T>(path: string): Promise<T | undefined> {
    const response = await this.request(path, this.agent, this.timeoutMs)
    const body = await readBody(response)
    if (response.statusCode === 404)
      return undefined
    if (response.statusCode !== 200)
      throw new EngineError(EngineErrorCode.HttpStatus, `GET ${path} answered ${response.statusCode}: ${body.slice(0, 200).trim()}`, response.statusCode)
    try {
      return JSON.parse(body) as T
    }
    catch {
      throw new EngineError(EngineErrorCode.BadResponse, `GET ${path} did not answer JSON`)
    }
  }

  /**
   * Follows /events until the stream ends, which it only does when something went wrong, so the
   * promise always rejects: StreamEnded when the engine closed the stream, Unreachable when the
   * connection broke or `signal` aborted it.
   */
  async followEvents(options: EventStreamOptions): Promise<never> {
    const query = options.filters ? `?filters=${encodeURIComponent(JSON.stringify(options.filters))}` : ''
    // Its own connection with no timeout: the stream is quiet for as long as nothing happens.
    const response = await this.request(`/events${query}`, false, 0, options.signal)
    if (response.statusCode !== 200) {
      const body = await readBody(response)
      throw new EngineError(EngineErrorCode.HttpStatus, `GET /events answered ${response.statusCode}: ${body.slice(0, 200).trim()}`, response.statusCode)
    }
    options.onOpen?.()
    const splitter = new JsonLineSplitter()
    response.setEncoding('utf8')
    return new Promise<never>((_, reject) => {
      const fail = (error: unknown) => {
        response.destroy()
        reject(asEngineError(error))
      }
      response.on('data', (text: string) => {
        try {
          for (const event of splitter.push(text))
            options.onEvent(event)
        }
        catch (error) {
          fail(error)
        }
      })
      response.on('error', fail)
      response.on('aborted', () => fail(new EngineError(EngineErrorCode.StreamEnded, 'the engine dropped the event stream')))
      response.on('end', () => fail(new EngineError(EngineErrorCode.StreamEnded, 'the engine ended the event stream')))
      response.on('close', () => fail(new EngineError(EngineErrorCode.StreamEnded, 'the event stream closed')))
    })
  }

  /** Closes kept-alive connections. */
  close(): void {
    this.agent.destroy()
  }

  private request(path: string, agent: http.Agent | false, timeoutMs: number, signal?: AbortSignal): Promise<http.IncomingMessage> {
    const endpoint = this.endpoint
    const target = endpoint.kind === 'unix'
      ? { socketPath: endpoint.socketPath, host: 'localhost' }
      : { host: endpoint.host, port: endpoint.port }
    const secure = endpoint.kind === 'tcp' && endpoint.tls
    const send = secure ? https.request : http.request
    return new Promise((resolve, reject) => {
      const request = send({
        ...target,
        ...(secure && agent === false ? endpoint.tls : {}),
        path,
        method: 'GET',
        agent,
        signal,
        headers: { accept: 'application/json' },
      }, resolve)
      if (timeoutMs > 0)
        request.setTimeout(timeoutMs, () => request.destroy(new EngineError(EngineErrorCode.Unreachable, `GET ${path} got no answer within ${timeoutMs} ms`)))
      request.on('error', error => reject(asEngineError(error)))
      request.end()
    })
  }
}

function readBody(response: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    response.on('data', (chunk: Buffer) => chunks.push(chunk))
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    response.on('error', error => reject(asEngineError(error)))
  })
}
