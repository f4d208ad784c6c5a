/**
 * One terminal session: a shell in a pty, the server-side copy of its screen, and every client
 * attached to it. Output is batched for a few ms, mirrored, then fanned out; the pty is paused while
 * a live client (or the mirror) is too far behind, and a client that stays behind is dropped from
 * the live stream and resynced with a snapshot once it has caught up.
 */
import type { DemoServerConfig } from './config.ts'
import { ClientFeed, type FrameSink } from './flow-control.ts'
import { type AttachedInfo, encodeServer, type ExitInfo, PROTOCOL_VERSION, type RunRequest, type RunStateInfo, type TerminalSize } from './protocol.ts'
import { PtyProcess } from './pty-process.ts'
import { RunQueue } from './run-queue.ts'
import { ScreenMirror } from './screen-mirror.ts'
import type { SessionOutputObserver } from './recording/session-recorder.ts'

export interface SessionClient extends FrameSink {
  readonly readOnly: boolean
  feed: ClientFeed
}

/** Output is flushed at once when a batch reaches this size. */
const MAX_BATCH_BYTES = 64 * 1024
/** The mirror may lag this far behind before the pty is paused for it. */
const MIRROR_HIGH_WATER = 1024 * 1024
const FLOW_TICK_MS = 100

export class Session {
  readonly clients = new Set<SessionClient>()
  private pty: PtyProcess | undefined
  private readonly mirror: ScreenMirror
  private exitInfo: ExitInfo | undefined
  private size: TerminalSize
  private batch: Buffer[] = []
  private batchBytes = 0
  private batchTimer: NodeJS.Timeout | undefined
  private lastFlushAt = 0 // BENCH: when output was last sent, for the quiet-spell rule in ptyOnData
  private paused = false
  private tick: NodeJS.Timeout | undefined
  private closed = false
  private readonly runs: RunQueue
  /** REPLAY: live recording (opt-in, config.observeSession); sees output, runs, resizes, restarts. */
  private readonly observer: SessionOutputObserver | undefined

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
    this.observer = config.observeSession?.({ session: id, demo, cols: size.cols, rows: size.rows })
    this.runs = new RunQueue({
      write: text => this.pty?.write(text),
      broadcast: (state) => {
        if (state.phase === 'typing')
          this.observer?.run(state.runId) // REPLAY: a marker per step
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
    const pty = new PtyProcess({ cwd: this.folder, demoName: this.demo, ...this.size },
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
    this.pty?.write(data)
  }

  resize(size: TerminalSize): void {
    this.size = size
    this.observer?.resize(size.cols, size.rows) // REPLAY
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
    this.flush()
    this.runs.reset('the session was restarted')
    if (old)
      await old.kill(this.config.killGraceMs)
    if (this.closed)
      return
    this.batch = []
    this.batchBytes = 0
    this.paused = false
    this.mirror.reset(this.size)
    this.observer?.restart() // REPLAY
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
    clearTimeout(this.batchTimer)
    await this.observer?.close() // REPLAY
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
    this.batch.push(data)
    this.batchBytes += data.length
    // BENCH: output after a quiet spell (a keystroke's echo) goes out at once; only what follows it within
    // batchMs is batched. This took the 5 ms batch delay out of every echo in `npm run bench`.
    const quiet = this.batchTimer === undefined && performance.now() - this.lastFlushAt >= this.config.batchMs
    if (this.batchBytes >= MAX_BATCH_BYTES || quiet)
      this.flush()
    else
      this.batchTimer ??= setTimeout(() => this.flush(), this.config.batchMs)
  }

  private ptyOnExit(pty: PtyProcess, exit: { exitCode: number; signal?: number }): void {
    if (pty !== this.pty)
      return
    // node-pty reports exit only after the pty's last bytes were read; send them before Exit.
    this.flush()
    this.exitInfo = exit
    this.runs.reset('the shell exited')
    this.config.log('info', `session ${this.id}: shell exited with ${exit.exitCode}${exit.signal ? ` (signal ${exit.signal})` : ''}`)
    this.broadcast(encodeServer.exit(exit))
  }

  private flush(): void {
    clearTimeout(this.batchTimer)
    this.batchTimer = undefined
    this.lastFlushAt = performance.now() // BENCH: see ptyOnData
    if (this.batchBytes === 0)
      return
    const data = this.batch.length === 1 ? this.batch[0] : Buffer.concat(this.batch, this.batchBytes)
    this.batch = []
    this.batchBytes = 0
    this.mirror.write(data)
    this.observer?.output(data) // REPLAY
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
    let pressure = 0
    for (const client of this.clients)
      pressure = Math.max(pressure, client.feed.pressure)
    const mirrorBacklog = this.mirror.backlog
    if (!this.paused && (pressure > this.config.highWaterBytes || mirrorBacklog > MIRROR_HIGH_WATER)) {
      this.paused = true
      this.pty?.pause()
    }
    else if (this.paused && pressure < this.config.lowWaterBytes && mirrorBacklog < MIRROR_HIGH_WATER / 4) {
      this.paused = false
      this.pty?.resume()
    }
  }
}
