/**
 * One WebSocket after a successful upgrade: decodes its frames, answers every bad one with an Error
 * message (and keeps serving), and relays the good ones to its session. Nothing a client sends may
 * throw out of here: handlers are wrapped and failures are logged with the session id.
 */
import type { RawData, WebSocket } from 'ws'
import type { CommandAllowlist } from './allowlist.ts'
import type { EngineWatchers } from './engine/engine-watchers.ts'
import type { DemoServerConfig } from './config.ts'
import { DemoPathError } from './demo-paths.ts'
import { ClientFeed } from './flow-control.ts'
import {
  type AttachRequest,
  ClientMessageType,
  CloseCode,
  decodeClientMessage,
  encodeServer,
  type EngineScope,
  ErrorCode,
  ProtocolError,
  toBytes,
} from './protocol.ts'
import type { Session, SessionClient } from './session.ts'
import { AttachError, type SessionRegistry } from './session-registry.ts'

/** After this many bad frames in a row the client is clearly not ours; drop it. */
const MAX_CONSECUTIVE_ERRORS = 50

export class ClientConnection implements SessionClient {
  readOnly = false
  readonly feed: ClientFeed
  private session: Session | undefined
  private attaching = false
  private errorsInARow = 0
  private unwatchEngine: (() => void) | undefined
  private readonly attachTimer: NodeJS.Timeout

  constructor(
    private readonly ws: WebSocket,
    private readonly registry: SessionRegistry,
    private readonly config: DemoServerConfig,
    private readonly shared: {
      /** Present in allowlist mode only. */
      allowlist?: CommandAllowlist
      /** The engine picture, for windows that send WatchEngine. */
      engine?: EngineWatchers
    } = {},
  ) {
    this.feed = new ClientFeed(this, config)
    this.attachTimer = setTimeout(() => this.ws.close(CloseCode.ProtocolViolation, 'no Attach message in time'), config.attachTimeoutMs)
    ws.on('message', (data, isBinary) => this.socketOnMessage(data, isBinary))
    ws.on('close', () => this.socketOnClose())
    ws.on('error', error => this.config.log('warn', `${this.label}: socket error: ${error.message}`))
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount
  }

  private get label(): string {
    return this.session ? `session ${this.session.id}` : 'unattached client'
  }

  send(frame: Uint8Array): void {
    if (this.ws.readyState === this.ws.OPEN)
      this.ws.send(frame, { binary: true })
  }

  private refuse(code: ErrorCode, message: string): void {
    this.config.log('warn', `${this.label}: refused: ${code}: ${message}`)
    this.send(encodeServer.error(code, message))
    if (++this.errorsInARow >= MAX_CONSECUTIVE_ERRORS)
      this.ws.close(CloseCode.ProtocolViolation, 'too many bad messages')
  }

  private socketOnMessage(data: RawData, isBinary: boolean): void {
    try {
      if (!isBinary) {
        this.refuse(ErrorCode.MalformedFrame, 'text frames are not part of the protocol; send binary frames')
        return
      }
      // binaryType is "nodebuffer" (the default): fragments arrive already joined into one Buffer.
      this.handle(toBytes(data as Buffer))
    }
    catch (error) {
      if (error instanceof ProtocolError) {
        this.refuse(error.code, error.message)
        return
      }
      this.config.log('error', `${this.label}: handler failed: ${(error as Error).stack ?? String(error)}`)
    }
  }

  private handle(bytes: Uint8Array): void {
    const message = decodeClientMessage(bytes)
    if (message.type === ClientMessageType.Attach) {
      if (this.session || this.attaching)
        return this.refuse(ErrorCode.AlreadyAttached, 'this connection is already attached; open another for another session')
      void this.attach(message.body)
      return
    }
    // The engine picture needs no session: a window may show it beside a terminal or alone.
    if (message.type === ClientMessageType.WatchEngine)
      return this.watchEngine(message.body.scope)
    if (message.type === ClientMessageType.UnwatchEngine) {
      this.unwatchEngine?.()
      this.unwatchEngine = undefined
      return
    }
    const session = this.session
    if (!session)
      return this.refuse(ErrorCode.NotAttached, 'send Attach first')
    if (message.type === ClientMessageType.Ack) {
      this.feed.ack(message.body.bytes)
      this.errorsInARow = 0
      return
    }
    if (message.type === ClientMessageType.Resize) {
      // Read-only windows resize too (their fit addon does); their size simply does not count.
      if (!this.readOnly)
        session.resize(message.body)
      return
    }
    if (this.readOnly)
      return this.refuse(ErrorCode.ReadOnly, 'this client attached read-only')
    if (message.type === ClientMessageType.Restart) {
      void session.restart().catch(error => this.config.log('error', `session ${session.id}: restart failed: ${(error as Error).message}`))
      return
    }
    // Refusals here are not counted as bad messages: a visitor typing must not get disconnected.
    const allowlist = this.shared.allowlist
    if (allowlist && (message.type === ClientMessageType.Input || message.type === ClientMessageType.Run)) {
      const refusal = message.type === ClientMessageType.Input ? allowlist.checkInput() : allowlist.checkRun(session.demo, message.body.command)
      if (refusal) {
        if (message.type === ClientMessageType.Run)
          this.config.log('warn', `${this.label}: refused: ${refusal.code}: ${refusal.message}`)
        this.send(encodeServer.error(refusal.code, refusal.message))
        return
      }
    }
    if (session.state === 'exited')
      return this.refuse(ErrorCode.SessionEnded, 'the shell has exited; send Restart to start a new one')
    if (message.type === ClientMessageType.Input) {
      session.input(message.data)
    }
    else if (message.type === ClientMessageType.Run) {
      const previous = session.run(message.body)
      if (previous)
        this.feed.control(encodeServer.runState(previous))
    }
    this.errorsInARow = 0
  }

  private async attach(request: AttachRequest): Promise<void> {
    this.attaching = true
    try {
      this.readOnly = request.readOnly === true
      const session = await this.registry.attach(this, request)
      if (this.ws.readyState !== this.ws.OPEN) {
        this.registry.detach(session, this)
        return
      }
      this.session = session
      clearTimeout(this.attachTimer)
      this.errorsInARow = 0
      this.config.log('info', `session ${session.id}: client attached${this.readOnly ? ' read-only' : ''} (${session.clients.size} now)`)
    }
    catch (error) {
      if (error instanceof DemoPathError || error instanceof AttachError) {
        this.refuse(error.code, error.message)
        if (error instanceof AttachError && error.overCapacity)
          this.ws.close(CloseCode.OverCapacity, error.message.slice(0, 120))
      }
      else {
        this.config.log('error', `session ${request.session}: attach failed: ${(error as Error).stack ?? String(error)}`)
        this.refuse(ErrorCode.SpawnFailed, 'the session could not be started')
      }
    }
    finally {
      this.attaching = false
    }
  }

  private watchEngine(scope: EngineScope): void {
    const engine = this.shared.engine
    if (!engine)
      return this.refuse(ErrorCode.UnknownMessage, 'this server does not follow the Docker engine')
    clearTimeout(this.attachTimer)
    this.unwatchEngine?.()
    this.unwatchEngine = engine.watch(scope, message => this.send(encodeServer.engineState(message)))
    this.errorsInARow = 0
  }

  private socketOnClose(): void {
    clearTimeout(this.attachTimer)
    this.unwatchEngine?.()
    this.unwatchEngine = undefined
    if (this.session) {
      this.registry.detach(this.session, this)
      this.config.log('info', `session ${this.session.id}: client left (${this.session.clients.size} remain)`)
    }
  }
}
