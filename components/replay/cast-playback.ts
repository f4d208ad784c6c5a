/**
 * Plays an asciicast into a terminal, free of Vue and the DOM so it can be tested in Node: the
 * composable (useCastPlayer.ts) wires it to the slide's xterm. Markers split the cast into steps:
 * the events after the marker labelled "pull" up to the next marker are what step "pull" printed.
 *
 * Position is an index into `cast.events`: everything before it has been written to the terminal.
 */
import type { Cast } from '../../server/recording/asciicast.ts'

export type PlaybackSpeed = 1 | 2 | 'instant'
export type PlaybackState = 'paused' | 'playing' | 'ended'

export interface PlaybackSink {
  write: (data: string) => void
  reset: () => void
}

export interface Scheduler {
  setTimeout: (callback: () => void, ms: number) => unknown
  clearTimeout: (handle: unknown) => void
}

export interface CastPlaybackOptions {
  /** Longest pause between two events, in seconds. @default the cast's idle_time_limit, else 1.5 */
  idleTimeLimit?: number
  /** @default 1 */
  speed?: PlaybackSpeed
  /** Told whenever the state or position changes. */
  onChange?: (playback: CastPlayback) => void
  /** @default globalThis timers */
  scheduler?: Scheduler
}

/** Pauses shorter than this are not waited for: the events go out in one write. */
const COALESCE_MS = 8
export const DEFAULT_IDLE_TIME_LIMIT = 1.5

export class CastPlayback {
  position = 0
  state: PlaybackState = 'paused'
  speed: PlaybackSpeed
  readonly idleTimeLimit: number
  /** Playing stops before this event index (a marker), or at the end. */
  private stopAt: number
  private timer: unknown
  private readonly scheduler: Scheduler
  private readonly onStop: Array<() => void> = []

  constructor(readonly cast: Cast, private readonly sink: PlaybackSink, private readonly options: CastPlaybackOptions = {}) {
    this.speed = options.speed ?? 1
    this.idleTimeLimit = options.idleTimeLimit ?? cast.header.idle_time_limit ?? DEFAULT_IDLE_TIME_LIMIT
    this.scheduler = options.scheduler ?? {
      setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
      clearTimeout: handle => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
    }
    this.stopAt = cast.events.length
  }

  get length(): number {
    return this.cast.events.length
  }

  /** Index of the marker labelled `label`, or -1. */
  markerIndex(label: string): number {
    return this.cast.events.findIndex(e => e[1] === 'm' && e[2] === label)
  }

  /** Index of the first marker after `index`, or the end of the cast. */
  nextMarkerAfter(index: number): number {
    for (let i = index + 1; i < this.cast.events.length; i++) {
      if (this.cast.events[i][1] === 'm')
        return i
    }
    return this.cast.events.length
  }

  /** Where step `label` ends: its last output written, the next step's marker not yet. */
  stepEnd(label: string): number {
    const start = this.markerIndex(label)
    return start < 0 ? -1 : this.nextMarkerAfter(start)
  }

  /**
   * Plays from the current position until event `until` (exclusive; a marker index usually) or the
   * end; resolves when it gets there, or when paused or moved elsewhere first.
   */
  play(until = this.cast.events.length): Promise<void> {
    this.cancelTimer()
    for (const resolve of this.onStop.splice(0))
      resolve()
    this.stopAt = Math.min(until, this.cast.events.length)
    const stopped = new Promise<void>(resolve => this.onStop.push(resolve))
    if (this.position >= this.stopAt) {
      this.settle()
      return stopped
    }
    this.state = 'playing'
    this.changed()
    this.tick()
    return stopped
  }

  pause(): void {
    if (this.state !== 'playing')
      return
    this.cancelTimer()
    this.state = 'paused'
    this.settle()
  }

  setSpeed(speed: PlaybackSpeed): void {
    this.speed = speed
    if (this.state === 'playing') {
      this.cancelTimer()
      this.tick()
    }
    else {
      this.changed()
    }
  }

  /**
   * Shows the terminal as it was just before event `index`, at once: writes forward from here, or
   * resets the terminal and writes from the start when `index` lies behind. Stops playing.
   */
  seek(index: number): void {
    this.cancelTimer()
    const target = Math.max(0, Math.min(index, this.cast.events.length))
    if (target < this.position) {
      this.sink.reset()
      this.position = 0
    }
    this.writeUpTo(target)
    this.state = 'paused'
    this.settle()
  }

  /** Back to the very start: clears the terminal (whatever wrote to it) and stops playing. */
  restart(): void {
    this.cancelTimer()
    this.sink.reset()
    this.position = 0
    this.state = 'paused'
    this.settle()
  }

  /** Writes everything at once: the final screen. */
  finish(): void {
    this.seek(this.cast.events.length)
  }

  /** Writes the output of events [position, target) in one write. */
  private writeUpTo(target: number): void {
    let data = ''
    for (; this.position < target; this.position++) {
      const [, code, text] = this.cast.events[this.position]
      if (code === 'o')
        data += text
    }
    if (data)
      this.sink.write(data)
  }

  /** Seconds to wait before event `index`, idle pauses capped. */
  private gapBefore(index: number): number {
    if (index === 0)
      return 0
    const gap = this.cast.events[index][0] - this.cast.events[index - 1][0]
    return Math.min(Math.max(gap, 0), this.idleTimeLimit)
  }

  private tick(): void {
    if (this.speed === 'instant') {
      this.writeUpTo(this.stopAt)
      return this.settle()
    }
    // Write every event that is due now (gaps below COALESCE_MS count as none), then wait for the next.
    let end = this.position
    do end++
    while (end < this.stopAt && this.gapBefore(end) * 1000 / this.speed < COALESCE_MS)
    this.writeUpTo(end)
    if (this.position >= this.stopAt)
      return this.settle()
    this.changed()
    this.timer = this.scheduler.setTimeout(() => {
      this.timer = undefined
      this.tick()
    }, this.gapBefore(this.position) * 1000 / this.speed)
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) {
      this.scheduler.clearTimeout(this.timer)
      this.timer = undefined
    }
  }

  /** Playing stopped (reached its stop, paused, or moved): state, listeners, waiters. */
  private settle(): void {
    if (this.state === 'playing' || this.position >= this.cast.events.length)
      this.state = this.position >= this.cast.events.length ? 'ended' : 'paused'
    this.changed()
    for (const resolve of this.onStop.splice(0))
      resolve()
  }

  private changed(): void {
    this.options.onChange?.(this)
  }

  dispose(): void {
    this.cancelTimer()
    for (const resolve of this.onStop.splice(0))
      resolve()
  }
}
