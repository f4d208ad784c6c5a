/**
 * One session's screen in the mirror worker (screen-mirror-worker.mjs): an @xterm/headless terminal
 * fed from a queue. Output is parsed lazily: it gathers until `gatherBytes` are waiting, a snapshot
 * or resize needs it, or the output pauses for GATHER_IDLE_MS. Then the part of it that can only
 * scroll out of the scrollback is left unparsed (mirror-skip.mjs), so a flood costs a scan and
 * about one scrollback's parse per gathering, not a parse of every byte, and the mirror never needs
 * the pty to wait for it. Resizes and snapshots keep their place in the stream.
 *
 * Plain JavaScript, like the worker that loads it (see there).
 */
import serializeModule from '@xterm/addon-serialize'
import headlessModule from '@xterm/headless'
import { planSkip, scanPlainRuns } from './mirror-skip.mjs'

const { Terminal } = headlessModule
const { SerializeAddon } = serializeModule

/** Output gathered before it is parsed: enough for a flood to hold several scrollbacks' worth. */
export const GATHER_BYTES = 512 * 1024
/** A pause in the output this long has what gathered parsed, so a quiet screen is always current. */
export const GATHER_IDLE_MS = 15

/** The parser's state between sequences (xterm's ParserState.GROUND). */
const PARSER_GROUND = 0

export class MirrorScreen {
  /**
   * @param {{ cols: number, rows: number, scrollback: number, gatherBytes?: number, skip?: boolean,
   *   onParsed?: (bytes: number) => void }} options `onParsed` gets the count of written bytes the
   *   screen has taken in (parsed or skipped); `skip: false` parses every byte.
   */
  constructor({ cols, rows, scrollback, gatherBytes = GATHER_BYTES, skip = true, onParsed = () => {} }) {
    this.terminal = new Terminal({ cols, rows, scrollback, allowProposedApi: true })
    this.serializer = new SerializeAddon()
    this.terminal.loadAddon(this.serializer)
    this.scrollback = scrollback
    this.gatherBytes = gatherBytes
    this.skip = skip
    this.onParsed = onParsed
    /** Bytes left unparsed so far (they could only have scrolled out). */
    this.skippedBytes = 0
    this.queue = []
    /** Where takeWrites joins writes, kept between feeds: a flood would otherwise make one new buffer per feed. */
    this.scratch = new Uint8Array(0)
    /** Bytes of the writes in the queue. */
    this.queuedBytes = 0
    this.busy = false
    this.disposed = false
    this.idleTimer = undefined
  }

  /** @param {Uint8Array} data */
  write(data) {
    this.queue.push({ type: 'write', data })
    this.queuedBytes += data.length
    clearTimeout(this.idleTimer)
    this.idleTimer = undefined
    this.pump()
  }

  resize(cols, rows) {
    this.queue.push({ type: 'resize', cols, rows })
    this.pump()
  }

  /** Calls `onSnapshot` with the screen after every byte written before it and none after. */
  snapshot(onSnapshot) {
    this.queue.push({ type: 'snapshot', onSnapshot })
    this.pump()
  }

  dispose() {
    this.disposed = true
    clearTimeout(this.idleTimer)
    this.queue = []
    this.terminal.dispose()
  }

  pump() {
    while (!this.busy && !this.disposed && this.queue.length > 0) {
      const item = this.queue[0]
      if (item.type === 'resize') {
        this.queue.shift()
        this.terminal.resize(item.cols, item.rows)
        continue
      }
      if (item.type === 'snapshot') {
        this.queue.shift()
        item.onSnapshot(this.serializer.serialize({ scrollback: this.scrollback }))
        continue
      }
      // Only writes are waiting and not many yet: wait for more, or for the output to pause.
      if (this.queuedBytes < this.gatherBytes && this.queue.every(queued => queued.type === 'write')) {
        this.idleTimer ??= setTimeout(() => {
          this.idleTimer = undefined
          if (!this.busy && !this.disposed && this.queue.length > 0)
            this.feed(...this.takeWrites())
        }, GATHER_IDLE_MS)
        return
      }
      this.feed(...this.takeWrites())
    }
  }

  /**
   * The writes at the head of the queue, joined, and how many of their bytes are new to the
   * written count (a remainder put back by feed() was counted when it was first taken).
   */
  takeWrites() {
    let count = 0
    let length = 0
    let fresh = 0
    while (count < this.queue.length && this.queue[count].type === 'write') {
      const { data, counted } = this.queue[count++]
      length += data.length
      if (!counted)
        fresh += data.length
    }
    const writes = this.queue.splice(0, count)
    this.queuedBytes -= length
    if (count === 1)
      return [writes[0].data, fresh]
    if (this.scratch.length < length)
      this.scratch = new Uint8Array(Math.max(length, this.scratch.length * 2))
    // Safe to reuse: nothing is in flight when writes are taken, and feed() copies what it keeps.
    const joined = this.scratch.subarray(0, length)
    let at = 0
    for (const { data } of writes) {
      joined.set(data, at)
      at += data.length
    }
    return [joined, fresh]
  }

  feed(data, fresh) {
    clearTimeout(this.idleTimer)
    this.idleTimer = undefined
    const runs = this.skip && data.length >= this.gatherBytes ? scanPlainRuns(data) : undefined
    if (runs) {
      // A plain flood after some other sequence: parse up to the flood first, so that its start is
      // a point whose state is known when the rest is planned.
      const split = runs.lastStart
      if (split > 0 && data.length - split >= this.gatherBytes) {
        this.queue.unshift({ type: 'write', data: data.slice(split), counted: true })
        this.queuedBytes += data.length - split
        return this.parse(data.subarray(0, split), fresh)
      }
    }
    const plan = runs && this.canSkip() ? planSkip(data, this.terminal.rows, this.scrollback, runs.firstEnd) : undefined
    let parsed = data
    if (plan) {
      this.skippedBytes += plan.cut - plan.prefix.length
      parsed = new Uint8Array(plan.prefix.length + data.length - plan.cut)
      parsed.set(plan.prefix)
      parsed.set(data.subarray(plan.cut), plan.prefix.length)
    }
    this.parse(parsed, fresh)
  }

  /** Hands `data` to the terminal; `bytes` is what that takes off the written count. */
  parse(data, bytes) {
    this.busy = true
    this.terminal.write(data, () => {
      this.busy = false
      if (this.disposed)
        return
      if (bytes > 0)
        this.onParsed(bytes)
      this.pump()
    })
  }

  /**
   * Whether the state mirror-skip.mjs assumes holds now, with nothing in flight: the parser between
   * sequences with no half UTF-8 character, and a scroll region that spans the screen. Reads
   * xterm's internals (pinned in package.json); if they change shape this says no and nothing is
   * skipped, which tests/server/mirror-skip.test.ts reports.
   */
  canSkip() {
    const core = this.terminal._core
    const input = core?._inputHandler
    const buffer = core?.buffer
    return input?._parser?.currentState === PARSER_GROUND
      && input._utf8Decoder?.interim?.[0] === 0
      && buffer?.scrollTop === 0
      && buffer.scrollBottom === this.terminal.rows - 1
  }
}
