/**
 * The server's copy of a session's screen and scrollback (@xterm/headless, parsed in a worker
 * thread shared by all sessions, see screen-mirror-worker.mjs), so a client that attaches late, or
 * falls behind, first gets exactly what the others see, then the live stream. This side counts the
 * bytes the worker has not parsed yet, so the session can pause the pty rather than let that grow.
 */
import { Worker } from 'node:worker_threads'
import type { TerminalSize } from './protocol.ts'

type MirrorRequestBody =
  | { type: 'reset'; cols: number; rows: number; scrollback: number }
  | { type: 'dispose' }
  | { type: 'write'; data: Uint8Array }
  | { type: 'resize'; cols: number; rows: number }
  | { type: 'snapshot'; id: number }

export type MirrorRequest = { screen: number; generation: number } & MirrorRequestBody

export type MirrorReply = { screen: number; generation: number } & (
  | { type: 'written'; bytes: number }
  | { type: 'snapshot'; id: number; text: string })

const WORKER_URL = new URL('./screen-mirror-worker.mjs', import.meta.url)

/** The shared worker and the mirrors it serves; restarted (screens lost, sessions kept) if it dies. */
const host = {
  worker: undefined as Worker | undefined,
  mirrors: new Map<number, ScreenMirror>(),
  nextScreen: 0,
  post(request: MirrorRequest, transfer: ArrayBuffer[] = []): void {
    if (!this.worker) {
      const worker = new Worker(WORKER_URL)
      worker.on('message', (reply: MirrorReply) => this.mirrors.get(reply.screen)?.workerOnReply(reply))
      const failed = (error: Error) => {
        if (this.worker !== worker)
          return
        this.worker = undefined
        for (const mirror of this.mirrors.values())
          mirror.workerOnFailure(error)
      }
      worker.on('error', failed)
      worker.on('exit', code => failed(new Error(`screen mirror worker exited with ${code}`)))
      // The server's sockets keep the process alive; the mirror worker must not. (After the
      // listeners: adding a 'message' listener refs the worker's port again.)
      worker.unref()
      this.worker = worker
    }
    this.worker.postMessage(request, transfer)
  },
}

export class ScreenMirror {
  private readonly screen = host.nextScreen++
  /** Bytes written but not yet parsed. */
  private pending = 0
  /** Bumped by reset(), so replies about a discarded screen are ignored. */
  private generation = 0
  private nextSnapshotId = 0
  private readonly snapshots = new Map<number, (screen: string) => void>()

  constructor(private size: TerminalSize, private readonly scrollback: number, private readonly onDrained: () => void,
    private readonly onFailure: (error: Error) => void = () => {}) {
    host.mirrors.set(this.screen, this)
    this.post({ type: 'reset', ...size, scrollback })
  }

  /** Bytes the mirror still has to parse; the session pauses the pty when this grows large. */
  get backlog(): number {
    return this.pending
  }

  write(data: Uint8Array): void {
    this.pending += data.length
    // A copy: pty buffers may share a pooled ArrayBuffer, which must not be transferred away.
    const copy = new Uint8Array(data)
    this.post({ type: 'write', data: copy }, [copy.buffer])
  }

  resize(size: TerminalSize): void {
    this.size = size
    this.post({ type: 'resize', ...size })
  }

  /** Calls `onSnapshot` with the serialized screen after every byte written so far and none later. */
  snapshot(onSnapshot: (screen: string) => void): void {
    const id = this.nextSnapshotId++
    this.snapshots.set(id, onSnapshot)
    this.post({ type: 'snapshot', id })
  }

  /** Forgets the screen (for a restarted shell); pending snapshots are answered with an empty screen. */
  reset(size: TerminalSize): void {
    this.size = size
    this.forget()
    this.post({ type: 'reset', ...size, scrollback: this.scrollback })
  }

  dispose(): void {
    this.snapshots.clear()
    this.post({ type: 'dispose' })
    host.mirrors.delete(this.screen)
  }

  /** @internal Called by the shared worker host. */
  workerOnReply(reply: MirrorReply): void {
    if (reply.generation !== this.generation)
      return
    if (reply.type === 'written') {
      this.pending -= reply.bytes
      if (this.pending === 0)
        this.onDrained()
      return
    }
    const onSnapshot = this.snapshots.get(reply.id)
    this.snapshots.delete(reply.id)
    onSnapshot?.(reply.text)
  }

  /** @internal A dead worker loses the screen, not the session: carry on with an empty one. */
  workerOnFailure(error: Error): void {
    this.onFailure(error)
    this.forget()
    this.post({ type: 'reset', ...this.size, scrollback: this.scrollback })
    this.onDrained()
  }

  private forget(): void {
    this.generation++
    this.pending = 0
    const waiting = [...this.snapshots.values()]
    this.snapshots.clear()
    for (const onSnapshot of waiting)
      onSnapshot('')
  }

  private post(request: MirrorRequestBody, transfer?: ArrayBuffer[]): void {
    host.post({ ...request, screen: this.screen, generation: this.generation }, transfer)
  }
}
