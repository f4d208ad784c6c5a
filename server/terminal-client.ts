/**
 * A Node client for the demo server, used by tests, the recorder and the bench: it attaches to a
 * session, keeps everything it received as text, acknowledges output (unless told not to), and
 * offers `waitFor` and `run` so scripts read like what a presenter does.
 */
import { EventEmitter } from 'node:events'
import WebSocket from 'ws'
import {
  type AttachedInfo,
  decodeServerMessage,
  encodeClient,
  type EnginePicture,
  type EngineScope,
  type EngineStateMessage,
  type ErrorInfo,
  type ExitInfo,
  isFinishedPhase,
  type RunRequest,
  type RunStateInfo,
  ServerMessageType,
  toBytes,
} from './protocol.ts'
import { PictureMirror } from './engine/picture-mirror.ts'

export interface TerminalClientOptions {
  /** e.g. ws://127.0.0.1:3031/terminal (the token is added as a query parameter). */
  url: string
  token: string
  /** Origin header to send; none by default (the server allows non-browser clients without one). */
  origin?: string
  session: string
  demo: string
  /** @default 80 */
  cols?: number
  /** @default 24 */
  rows?: number
  readOnly?: boolean
  /** Acknowledge output as soon as it arrives (flow control). @default true */
  autoAck?: boolean
  /** Keep everything received in `text` (waitFor needs it); a load test's many viewers do not. @default true */
  keepText?: boolean
}

/** The server refused the WebSocket upgrade (`status`) or the attach (`code`). */
export class TerminalClientError extends Error {
  constructor(message: string, readonly status?: number, readonly code?: string) {
    super(message)
    this.name = 'TerminalClientError'
  }
}

export interface TerminalClientEvents {
  output: [bytes: Uint8Array]
  snapshot: [bytes: Uint8Array]
  exit: [info: ExitInfo]
  error: [info: ErrorInfo]
  runState: [info: RunStateInfo]
  engine: [picture: EnginePicture | undefined, message: EngineStateMessage]
  close: [info: { code: number; reason: string }]
}

export class TerminalClient extends EventEmitter<TerminalClientEvents> {
  attached!: AttachedInfo
  /** Everything received (snapshots and output) decoded as UTF-8. */
  text = ''
  /** The underlying socket, for tests that need to misbehave. */
  readonly socket: WebSocket
  private readonly decoder = new TextDecoder()
  private readonly autoAck: boolean
  private keepText = true
  /** The engine picture, once watchEngine was called and the first picture arrived. */
  readonly engine = new PictureMirror()
  private closed = false

  private constructor(socket: WebSocket, autoAck: boolean) {
    super()
    this.socket = socket
    this.autoAck = autoAck
    // Without a listener, EventEmitter throws on 'error'; an Error message is information, not a crash.
    this.on('error', () => {})
  }

  /** Connects and attaches; resolves once the server's Attached message arrives. */
  static connect(options: TerminalClientOptions): Promise<TerminalClient> {
    const url = new URL(options.url)
    url.searchParams.set('token', options.token)
    const socket = new WebSocket(url, { headers: options.origin ? { Origin: options.origin } : {} })
    socket.binaryType = 'nodebuffer'
    const client = new TerminalClient(socket, options.autoAck ?? true)
    client.keepText = options.keepText ?? true
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => {
        socket.terminate()
        reject(error)
      }
      socket.once('unexpected-response', (_request, response) => {
        let body = ''
        response.on('data', (chunk: Buffer) => (body += chunk))
        response.on('end', () => fail(new TerminalClientError(`upgrade refused with HTTP ${response.statusCode}: ${body.trim()}`, response.statusCode)))
      })
      socket.once('error', fail)
      socket.once('open', () => {
        socket.off('error', fail)
        socket.on('error', () => {})
        socket.send(encodeClient.attach({ session: options.session, demo: options.demo, cols: options.cols ?? 80,
          rows: options.rows ?? 24, readOnly: options.readOnly ?? false }))
      })
      const beforeAttach = (info: ErrorInfo) => fail(new TerminalClientError(`${info.code}: ${info.message}`, undefined, info.code))
      client.on('error', beforeAttach)
      const closedEarly = ({ code, reason }: { code: number; reason: string }) =>
        reject(new TerminalClientError(`closed before attaching (${code} ${reason})`))
      client.once('close', closedEarly)
      socket.on('message', (data, isBinary) => {
        if (!isBinary)
          return
        const message = decodeServerMessage(toBytes(data as Buffer))
        if (message.type === ServerMessageType.Attached) {
          client.attached = message.body
          client.off('error', beforeAttach)
          client.off('close', closedEarly)
          resolve(client)
        }
        client.handle(message)
      })
      socket.on('close', (code, reason) => {
        client.closed = true
        client.emit('close', { code, reason: reason.toString() })
      })
    })
  }

  private handle(message: ReturnType<typeof decodeServerMessage>): void {
    switch (message.type) {
      case ServerMessageType.Snapshot:
        if (this.keepText)
          this.text += this.decoder.decode(message.data, { stream: true })
        this.emit('snapshot', message.data)
        break
      case ServerMessageType.Output:
        if (this.keepText)
          this.text += this.decoder.decode(message.data, { stream: true })
        this.emit('output', message.data)
        if (this.autoAck)
          this.ack(message.data.length)
        break
      case ServerMessageType.Exit:
        this.emit('exit', message.body)
        break
      case ServerMessageType.Error:
        this.emit('error', message.body)
        break
      case ServerMessageType.RunState:
        this.emit('runState', message.body)
        break
      case ServerMessageType.EngineState:
        if (!this.engine.apply(message.body))
          this.send(encodeClient.watchEngine({ scope: this.engine.picture?.scope ?? 'demos' }))
        this.emit('engine', this.engine.picture, message.body)
        break
    }
  }

  private send(frame: Uint8Array): void {
    if (this.socket.readyState === WebSocket.OPEN)
      this.socket.send(frame)
  }

  /** Asks for the engine picture and its changes; `engine.picture` follows them ('engine' events). */
  watchEngine(scope: EngineScope = 'demos'): void {
    this.send(encodeClient.watchEngine({ scope }))
  }

  unwatchEngine(): void {
    this.send(encodeClient.unwatchEngine())
  }

  /** Raw keystrokes ("\r" for Enter, "\x03" for Ctrl-C). */
  type(text: string): void {
    this.send(encodeClient.input(text))
  }

  resize(cols: number, rows: number): void {
    this.send(encodeClient.resize({ cols, rows }))
  }

  /** Acknowledges rendered output bytes (needed only with autoAck: false). */
  ack(bytes: number): void {
    this.send(encodeClient.ack(bytes))
  }

  restart(): void {
    this.send(encodeClient.restart())
  }

  /** Asks the server to run a command; resolves when the run is done, failed or timed out. */
  run(request: RunRequest): Promise<RunStateInfo> {
    return new Promise((resolve, reject) => {
      const onState = (state: RunStateInfo) => {
        if (state.runId === request.runId && isFinishedPhase(state.phase)) {
          cleanup()
          resolve(state)
        }
      }
      const onError = (info: ErrorInfo) => {
        cleanup()
        reject(new TerminalClientError(`${info.code}: ${info.message}`, undefined, info.code))
      }
      const onClose = () => {
        cleanup()
        reject(new TerminalClientError(`connection closed before run "${request.runId}" finished`))
      }
      const cleanup = () => {
        this.off('runState', onState)
        this.off('error', onError)
        this.off('close', onClose)
      }
      this.on('runState', onState)
      this.on('error', onError)
      this.on('close', onClose)
      this.send(encodeClient.run(request))
    })
  }

  /** The current length of `text`, to wait for something that appears after this point. */
  mark(): number {
    return this.text.length
  }

  /** Resolves with the first match of `pattern` in `text` after `since`; rejects after `timeoutMs` (10 s). */
  waitFor(pattern: RegExp | string, options: { since?: number; timeoutMs?: number } = {}): Promise<string> {
    const since = options.since ?? 0
    const find = (): string | undefined => {
      const rest = this.text.slice(since)
      if (typeof pattern === 'string')
        return rest.includes(pattern) ? pattern : undefined
      return rest.match(pattern)?.[0]
    }
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = find()
        if (found !== undefined) {
          cleanup()
          resolve(found)
        }
      }
      const onClose = () => {
        cleanup()
        reject(new Error(`connection closed while waiting for ${String(pattern)}; received: ${JSON.stringify(this.text.slice(-500))}`))
      }
      const timer = setTimeout(() => {
        cleanup()
        reject(new Error(`timed out waiting for ${String(pattern)}; last output: ${JSON.stringify(this.text.slice(-500))}`))
      }, options.timeoutMs ?? 10_000)
      const cleanup = () => {
        clearTimeout(timer)
        this.off('output', check)
        this.off('snapshot', check)
        this.off('close', onClose)
      }
      this.on('output', check)
      this.on('snapshot', check)
      this.on('close', onClose)
      check()
      if (this.closed)
        onClose()
    })
  }

  /** Closes the connection; resolves once it is closed. */
  close(): Promise<void> {
    if (this.closed || this.socket.readyState === WebSocket.CLOSED)
      return Promise.resolve()
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve())
      this.socket.close()
      setTimeout(() => {
        this.socket.terminate()
        resolve()
      }, 2000).unref()
    })
  }
}
