/**
 * Follows the Docker engine for the windows that show its picture. It costs nothing while nobody
 * watches: the first subscriber starts it (snapshot, then /events), the last one to leave stops it.
 * When the engine goes away the picture says so (status `unreachable`, objects as last seen) and the
 * follower retries with backoff; when the engine answers again it takes a new snapshot and sends
 * every subscriber the whole picture.
 *
 * Wiring is two calls: `const stop = follower.subscribe(message => send(message))`, then `stop()`.
 */
import { scanDemos } from '../docker/demo-scan.ts'
import type { EnginePicture, EngineScope, EngineStateMessage, EngineStatusInfo } from '../protocol.ts'
import { diffPictures, emptyPicture } from './picture-diff.ts'
import { EngineClient } from './engine-client.ts'
import { type EngineEndpoint, endpointLabel, resolveEngineEndpoint } from './engine-endpoint.ts'
import { asEngineError } from './engine-error.ts'
import { type ApiEvent, type EventWork, FOLLOWED_EVENT_TYPES, workForEvent } from './engine-events.ts'
import { ownImageIds, readAll, readContainer, readNetwork, readSnapshot, readVolume } from './engine-reads.ts'
import { projectPicture, ScopeRules } from './engine-scope.ts'
import { emptyWorld, type EngineWorld, reduceWorld, type WorldAction } from './engine-world.ts'
import { SerialQueues } from './serial-queues.ts'

export type EngineListener = (message: EngineStateMessage) => void

/** What one connection to the engine works with; `signal` aborts when it breaks or following stops. */
interface Connection {
  client: EngineClient
  rules: ScopeRules
  queues: SerialQueues
  signal: AbortSignal
}

export interface EngineFollowerOptions {
  /** What the picture shows; see engine-scope.ts. @default 'demos' */
  scope?: EngineScope
  /** Where the engine answers. @default resolveEngineEndpoint(): DOCKER_HOST, the docker context, /var/run/docker.sock */
  endpoint?: EngineEndpoint
  /** Images the demos use, for scope `demos`. @default the images server/docker/demo-scan.ts finds */
  demoImages?: () => Promise<Iterable<string>>
  /** First wait before reconnecting, doubled on each failure. @default 250 ms */
  retryFirstMs?: number
  /** Longest wait before reconnecting. @default 5 000 ms */
  retryMaxMs?: number
  /** @default no logging */
  log?: (level: 'info' | 'warn' | 'error', message: string) => void
}

type Settings = Required<Omit<EngineFollowerOptions, 'endpoint'>> & Pick<EngineFollowerOptions, 'endpoint'>

const defaults: Settings = {
  scope: 'demos',
  demoImages: async () => (await scanDemos()).images.keys(),
  retryFirstMs: 250,
  retryMaxMs: 5_000,
  log: () => {},
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}

export class EngineFollower {
  private readonly options: Settings
  private readonly listeners = new Set<EngineListener>()
  private world: EngineWorld
  /** The picture every subscriber holds. */
  private sent: EnginePicture
  private flushPending = false
  private stopFollowing: (() => void) | undefined

  constructor(options: EngineFollowerOptions = {}) {
    this.options = { ...defaults, ...options }
    if (this.options.scope !== 'demos' && this.options.scope !== 'all')
      throw new TypeError(`EngineFollower: scope must be "demos" or "all", not ${JSON.stringify(this.options.scope)}`)
    if (!(this.options.retryFirstMs > 0) || !(this.options.retryMaxMs >= this.options.retryFirstMs))
      throw new TypeError('EngineFollower: retryFirstMs must be positive and at most retryMaxMs')
    const engine: EngineStatusInfo = { status: 'connecting', endpoint: options.endpoint ? endpointLabel(options.endpoint) : '' }
    this.world = emptyWorld(engine)
    this.sent = emptyPicture(engine, this.options.scope)
  }

  /**
   * Sends `listener` the whole picture at once, then a diff for every change. The first subscriber
   * starts following the engine. Returns the function that unsubscribes; the last one stops it.
   */
  subscribe(listener: EngineListener): () => void {
    this.flush()
    this.listeners.add(listener)
    this.deliver(listener, { kind: 'full', picture: this.sent })
    if (!this.stopFollowing)
      this.start()
    return () => {
      if (this.listeners.delete(listener) && this.listeners.size === 0)
        this.stop()
    }
  }

  /** The picture as subscribers see it now. */
  current(): EnginePicture {
    this.flush()
    return this.sent
  }

  /** Whether the engine is being followed (someone is subscribed). */
  get following(): boolean {
    return this.stopFollowing !== undefined
  }

  /** Drops every subscriber and stops following. */
  close(): void {
    this.listeners.clear()
    this.stop()
  }

  private start(): void {
    const controller = new AbortController()
    this.stopFollowing = () => controller.abort()
    void this.followWithRetries(controller.signal)
  }

  private stop(): void {
    this.stopFollowing?.()
    this.stopFollowing = undefined
    // Nothing is kept while nobody watches; the next subscriber gets a fresh snapshot.
    const engine: EngineStatusInfo = { status: 'connecting', endpoint: this.world.engine.endpoint }
    this.world = emptyWorld(engine)
    this.sent = { ...emptyPicture(engine, this.options.scope), revision: this.sent.revision + 1 }
    this.flushPending = false
  }

  private async followWithRetries(signal: AbortSignal): Promise<void> {
    let endpoint = this.options.endpoint
    let delay = this.options.retryFirstMs
    while (!signal.aborted) {
      try {
        if (!endpoint) {
          endpoint = await resolveEngineEndpoint()
          this.dispatch(signal, { type: 'engine', engine: { ...this.world.engine, endpoint: endpointLabel(endpoint) } })
        }
        await this.followOnce(endpoint, signal, () => {
          delay = this.options.retryFirstMs
        })
      }
      catch (error) {
        if (signal.aborted)
          return
        const failure = asEngineError(error)
        const label = endpoint ? endpointLabel(endpoint) : this.world.engine.endpoint
        if (this.world.engine.status !== 'unreachable')
          this.options.log('warn', `engine picture: Docker unreachable at ${label} (${failure.code}): ${failure.message}`)
        this.dispatch(signal, { type: 'engine', engine: { status: 'unreachable', endpoint: label, code: failure.code, reason: failure.message } })
        await pause(delay, signal)
        delay = Math.min(delay * 2, this.options.retryMaxMs)
      }
    }
  }

  /** One connection: open /events, take the snapshot, then apply events until the stream breaks. */
  private async followOnce(endpoint: EngineEndpoint, outer: AbortSignal, onLive: () => void): Promise<void> {
    const client = new EngineClient(endpoint)
    // Ends this connection's reads when it breaks, so a late answer cannot touch the next snapshot.
    const ended = new AbortController()
    let early: ApiEvent[] | undefined = []
    try {
      const version = await client.getJson<{ Version?: string }>('/version')
      const connection: Connection = {
        client,
        rules: new ScopeRules(this.options.scope, await this.demoImages()),
        queues: new SerialQueues(),
        signal: AbortSignal.any([outer, ended.signal]),
      }
      const onEvent = (event: unknown) => early ? early.push(event as ApiEvent) : this.handleEvent(event as ApiEvent, connection)
      let opened!: () => void
      const open = new Promise<void>(resolve => opened = resolve)
      const stream = client.followEvents({ filters: { type: FOLLOWED_EVENT_TYPES }, onOpen: opened, onEvent, signal: connection.signal })
      stream.catch(() => {}) // awaited below; this only keeps an early failure from counting as unhandled
      // Events are followed before the snapshot is read, so nothing that happens in between is lost.
      await Promise.race([open, stream])
      const held = await readSnapshot(client, connection.rules)
      const live: EngineStatusInfo = { status: 'live', endpoint: endpointLabel(endpoint), ...(version?.Version ? { version: version.Version } : {}) }
      this.dispatch(connection.signal, { type: 'snapshot', engine: live, held })
      this.flush({ full: true })
      onLive()
      for (const event of early)
        this.handleEvent(event, connection)
      early = undefined
      await stream
    }
    finally {
      ended.abort()
      client.close()
    }
  }

  private async demoImages(): Promise<Iterable<string>> {
    if (this.options.scope === 'all')
      return []
    try {
      return await this.options.demoImages()
    }
    catch (error) {
      this.options.log('warn', `engine picture: could not read the demos' images (${(error as Error).message}); showing demo-named objects only`)
      return []
    }
  }

  private handleEvent(event: ApiEvent, connection: Connection): void {
    for (const work of workForEvent(event)) {
      const key = `${work.kind}:${'key' in work ? work.key : '*'}`
      const coalesce = work.read === 'gone' ? undefined : `${key}:${work.read}`
      connection.queues.run(key, () => this.doWork(work, connection).catch((error) => {
        if (!connection.signal.aborted)
          this.options.log('warn', `engine picture: reading ${key} failed: ${(error as Error).message}`)
      }), coalesce)
    }
  }

  private async doWork(work: EventWork, connection: Connection): Promise<void> {
    const { client, rules, signal } = connection
    if (signal.aborted)
      return
    if (work.read === 'gone')
      return this.dispatch(signal, { type: 'remove', kind: work.kind, key: work.key })
    const imageIds = ownImageIds([...this.world.images.values()])
    if (work.read === 'all') {
      const held = await readAll[work.kind](client, rules, imageIds)
      return this.dispatch(signal, { type: 'replace', kind: work.kind, held } as WorldAction)
    }
    const read = work.kind === 'containers'
      ? await readContainer(client, rules, imageIds, work.key)
      : work.kind === 'volumes'
        ? await readVolume(client, rules, work.key)
        : work.kind === 'networks' ? await readNetwork(client, rules, work.key) : undefined
    if (!read)
      return this.dispatch(signal, { type: 'remove', kind: work.kind, key: work.key })
    this.dispatch(signal, { type: 'upsert', kind: work.kind, held: read } as WorldAction)
    // A container of an image not seen yet (a build that sent no image event): list the images again.
    if (work.kind === 'containers' && !this.world.images.has((read.object as { imageId: string }).imageId))
      this.handleEvent({ Type: 'image', Action: 'seen-in-container' }, connection)
  }

  private dispatch(signal: AbortSignal, action: WorldAction): void {
    if (signal.aborted)
      return
    this.world = reduceWorld(this.world, action)
    if (!this.flushPending) {
      this.flushPending = true
      // Events come in bursts (create, connect, start); one diff per burst is enough.
      setImmediate(() => this.flush())
    }
  }

  private flush(options: { full?: boolean } = {}): void {
    if (!this.flushPending && !options.full)
      return
    this.flushPending = false
    const picture = projectPicture(this.world, this.options.scope, this.sent.revision + 1)
    if (options.full) {
      this.sent = picture
      for (const listener of this.listeners)
        this.deliver(listener, { kind: 'full', picture })
      return
    }
    const diff = diffPictures(this.sent, picture)
    if (!diff)
      return
    this.sent = picture
    for (const listener of this.listeners)
      this.deliver(listener, { kind: 'diff', diff })
  }

  private deliver(listener: EngineListener, message: EngineStateMessage): void {
    try {
      listener(message)
    }
    catch (error) {
      this.options.log('error', `engine picture: a subscriber threw: ${(error as Error).message}`)
    }
  }
}
