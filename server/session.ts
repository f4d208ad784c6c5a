/**
 * One terminal session: a shell in a pty, the server-side copy of its screen, and every client
 * attached to it. Output is batched (output-batcher.ts), mirrored, handed to the session's sinks,
 * then fanned out; the pty is paused and resumed by the flow policy (flow-policy.ts), and a client
 * that stays behind is dropped from the live stream and resynced with a snapshot once it has
 * caught up (flow-control.ts).
 */
import type { DemoServerConfig } from './config.ts'
import { cleanUpSession } from './docker/session-cleanup.ts'
import { ClientFeed, type FrameSink } from './flow-control.ts'
import { decideFlow } from './flow-policy.ts'
import { OutputBatcher } from './output-batcher.ts'
import { type AttachedInfo, encodeServer, type ExitInfo, PROTOCOL_VERSION, type RunRequest, type RunStateInfo, type TerminalSize } from './protocol.ts'
import { PtyProcess } from './pty-process.ts'
import { RunQueue } from './run-queue.ts'
import { ScreenMirror } from './screen-mirror.ts'
import type { SessionSink } from './session-sink.ts'
import { newSessionStateFile, sessionEnv } from './shell/session-label.ts'

export interface SessionClient extends FrameSink {
  readonly readOnly: boolean
  feed: ClientFeed
}

/** How often a session with clients re-reads its flow, so a client that acks late still resumes it. */
const FLOW_TICK_MS = 100

export class Session {
  readonly clients = new Set<SessionClient>()
  private pty: PtyProcess | undefined
  private readonly mirror: ScreenMirror
  private exitInfo: ExitInfo | undefined
  private size: TerminalSize
  private readonly batcher: OutputBatcher
  private paused = false
  private tick: NodeJS.Timeout | undefined
  private closed = false
  private readonly runs: RunQueue
  /** Listeners beside the clients: the opt-in live recording (config.observeSession). */
  private readonly sinks: SessionSink[] = []
  /** Where the shell notes its docker use, so what it started can be removed (shell/session-label.ts). */
  private readonly stateFile = newSessionStateFile()

  constructor(
    readonly id: string,
    readonly demo: string,
    readonly folder: string,
    size: TerminalSize,
    private readonly config: DemoServerConfig,
  ) {
    this.size = size
    this.mirror = new ScreenMirror(size, config.scrollback, () => this.updateFlow(),
      error => config.log('error', `session ${id}: screen mirror failed, starting afresh: ${error.message}`))
    this.batcher = new OutputBatcher(config.batchMs, data => this.sendOutput(data))
    const recorder = config.observeSession?.({ session: id, demo, cols: size.cols, rows: size.rows })
    if (recorder)
      this.sinks.push(recorder)
    this.runs = new RunQueue({
      write: text => this.pty?.write(text),
      broadcast: (state) => {
        if (state.phase === 'typing') {
          for (const sink of this.sinks)
            sink.run(state.runId)
        }
        this.broadcast(encodeServer.runState(state))
      },
    })
  }

  get state(): AttachedInfo['state'] {
    return this.pty && !this.pty.hasExited ? 'running' : 'exited'
  }

  get shellPid(): number | undefined {
    return this.pty?.pid
  }

  /** Starts the shell; throws when it cannot be spawned. */
  start(): void {
    this.exitInfo = undefined
    const env = { ...process.env, ...sessionEnv(this.id, this.stateFile) }
    const pty = new PtyProcess({ cwd: this.folder, demoName: this.demo, env, ...this.size },
      data => this.ptyOnData(data),
      exit => this.ptyOnExit(pty, exit))
    this.pty = pty
    this.config.log('info', `session ${this.id}: shell ${pty.pid} started in demos/${this.demo}`)
  }

  attach(client: SessionClient): void {
    this.clients.add(client)
    this.tick ??= setInterval(() => this.updateFlow(), FLOW_TICK_MS)
    const info: AttachedInfo = { session: this.id, demo: this.demo, readOnly: client.readOnly, state: this.state,
      clients: this.clients.size, protocol: PROTOCOL_VERSION, ...this.size }
    client.send(encodeServer.attached(info))
    this.sync(client)
    if (this.exitInfo)
      client.feed.control(encodeServer.exit(this.exitInfo))
  }

  detach(client: SessionClient): void {
    this.clients.delete(client)
    if (this.clients.size === 0) {
      clearInterval(this.tick)
      this.tick = undefined
    }
    this.updateFlow()
  }

  input(data: Uint8Array): void {
    if (data.includes(0x0d))
      this.runs.prompt.commandStarted()
    this.batcher.inputSent()
    this.pty?.write(data)
  }

  resize(size: TerminalSize): void {
    this.size = size
    for (const sink of this.sinks)
      sink.resize(size.cols, size.rows)
    this.pty?.resize(size)
    this.mirror.resize(size)
  }

  run(request: RunRequest): RunStateInfo | undefined {
    return this.runs.submit(request)
  }

  /** Ends the shell's processes and starts a fresh shell in the same folder with an empty screen. */
  async restart(): Promise<void> {
    const old = this.pty
    this.pty = undefined
    this.batcher.flush()
    this.runs.reset('the session was restarted')
    if (old)
      await old.kill(this.config.killGraceMs)
    await cleanUpSession(this.id, this.stateFile, this.config.log)
    if (this.closed)
      return
    this.batcher.discard()
    this.paused = false
    this.mirror.reset(this.size)
    for (const sink of this.sinks)
      sink.restart()
    this.start()
    for (const client of this.clients)
      this.sync(client)
  }

  async close(): Promise<void> {
    if (this.closed)
      return
    this.closed = true
    clearInterval(this.tick)
    this.runs.reset('the session was closed')
    const pty = this.pty
    if (pty)
      await pty.kill(this.config.killGraceMs)
    await cleanUpSession(this.id, this.stateFile, this.config.log)
    this.batcher.discard()
    await Promise.all(this.sinks.map(sink => sink.close()))
    this.mirror.dispose()
    this.config.log('info', `session ${this.id}: closed`)
  }

  private sync(client: SessionClient): void {
    client.feed.beginSync()
    this.mirror.snapshot(screen => client.feed.completeSync(screen))
  }

  private broadcast(frame: Uint8Array): void {
    for (const client of this.clients)
      client.feed.control(frame)
  }

  private ptyOnData(data: Buffer): void {
    this.batcher.push(data)
  }

  private ptyOnExit(pty: PtyProcess, exit: { exitCode: number; signal?: number }): void {
    if (pty !== this.pty)
      return
    // node-pty reports exit only after the pty's last bytes were read; send them before Exit.
    this.batcher.flush()
    this.exitInfo = exit
    this.runs.reset('the shell exited')
    this.config.log('info', `session ${this.id}: shell exited with ${exit.exitCode}${exit.signal ? ` (signal ${exit.signal})` : ''}`)
    this.broadcast(encodeServer.exit(exit))
  }

  private sendOutput(data: Buffer): void {
    this.mirror.write(data)
    for (const sink of this.sinks)
      sink.output(data)
    for (const client of this.clients)
      client.feed.output(data)
    // After the clients got the bytes: a RunState this output triggers must not overtake them.
    this.runs.observe(data)
    this.updateFlow()
  }

  /** Pauses or resumes the pty from the clients' and the mirror's backlog; drops and resyncs clients. */
  private updateFlow(): void {
    if (this.closed)
      return
    const now = Date.now()
    for (const client of this.clients) {
      if (client.feed.checkStall(now))
        this.config.log('warn', `session ${this.id}: a client fell behind and left the live stream until it catches up`)
      else if (client.feed.wantsResync)
        this.sync(client)
    }
    let clientPressure = 0
    for (const client of this.clients)
      clientPressure = Math.max(clientPressure, client.feed.pressure)
    const decision = decideFlow({ paused: this.paused, clientPressure, mirrorBacklog: this.mirror.backlog }, this.config)
    if (decision === 'pause') {
      this.paused = true
      this.pty?.pause()
    }
    else if (decision === 'resume') {
      this.paused = false
      this.pty?.resume()
    }
  }
}
