/**
 * What one client has been sent and not yet acknowledged, and where it stands in the stream:
 * syncing (waiting for its snapshot, output queued), live, or stalled (dropped from the live stream
 * until it has caught up, then resynced with a fresh snapshot). The session pauses the pty while a
 * live client's pressure is high, so output is never buffered without bound.
 */
import { encodeServer } from './protocol.ts'

export type FeedState = 'syncing' | 'live' | 'stalled'

export interface FrameSink {
  send(frame: Uint8Array): void
  /** Bytes handed to the socket but not yet written to the network (ws.bufferedAmount). */
  readonly bufferedAmount: number
}

export interface FlowLimits {
  highWaterBytes: number
  maxBufferedBytes: number
  stallTimeoutMs: number
}

interface QueuedFrame {
  frame: Uint8Array
  outputBytes: number
}

export class ClientFeed {
  state: FeedState = 'syncing'
  /** Output payload bytes sent and not yet acknowledged (snapshots need no ack). */
  private unacked = 0
  private queue: QueuedFrame[] = []
  private queuedBytes = 0
  private highSince: number | undefined

  constructor(private readonly sink: FrameSink, private readonly limits: FlowLimits) {}

  /** How far behind this client is; only live clients hold the pty back. */
  get pressure(): number {
    return this.state === 'live' ? Math.max(this.unacked, this.sink.bufferedAmount) : 0
  }

  get unackedBytes(): number {
    return this.unacked
  }

  output(data: Uint8Array): void {
    if (this.state === 'stalled')
      return
    if (this.state === 'syncing') {
      this.queuedBytes += data.length
      if (this.queuedBytes > this.limits.maxBufferedBytes)
        this.stall()
      else
        this.queue.push({ frame: encodeServer.output(data), outputBytes: data.length })
      return
    }
    // The pty pauses at the high-water mark, so only a client that ignores that gets here.
    if (this.unacked + data.length > this.limits.maxBufferedBytes || this.sink.bufferedAmount + data.length > this.limits.maxBufferedBytes) {
      this.stall()
      return
    }
    this.unacked += data.length
    this.sink.send(encodeServer.output(data))
  }

  /** Small control frames (Exit, RunState): in order behind a pending snapshot, otherwise at once. */
  control(frame: Uint8Array): void {
    if (this.state === 'syncing')
      this.queue.push({ frame, outputBytes: 0 })
    else
      this.sink.send(frame)
  }

  beginSync(): void {
    this.state = 'syncing'
    this.queue = []
    this.queuedBytes = 0
    this.highSince = undefined
  }

  /** Sends the snapshot and what was queued behind it; the client is live from here on. */
  completeSync(screen: string): void {
    if (this.state !== 'syncing')
      return
    this.sink.send(encodeServer.snapshot(screen))
    const queued = this.queue
    this.queue = []
    this.queuedBytes = 0
    this.state = 'live'
    for (const { frame, outputBytes } of queued) {
      this.unacked += outputBytes
      this.sink.send(frame)
    }
  }

  ack(bytes: number): void {
    this.unacked = Math.max(0, this.unacked - bytes)
  }

  /** A stalled client that has acknowledged everything and whose socket drained can be resynced. */
  get wantsResync(): boolean {
    return this.state === 'stalled' && this.unacked === 0 && this.sink.bufferedAmount === 0
  }

  /** Drops a live client that has held the pty back for too long; returns true when it did. */
  checkStall(now: number): boolean {
    if (this.state !== 'live' || this.pressure <= this.limits.highWaterBytes) {
      this.highSince = undefined
      return false
    }
    this.highSince ??= now
    if (now - this.highSince < this.limits.stallTimeoutMs)
      return false
    this.stall()
    return true
  }

  private stall(): void {
    this.state = 'stalled'
    this.queue = []
    this.queuedBytes = 0
    this.highSince = undefined
  }
}
