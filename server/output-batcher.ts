/**
 * Gathers a pty's output into batches, so a flood becomes a few large WebSocket frames instead of
 * thousands of small ones, while a keystroke's echo still goes out at once: output after a quiet
 * spell is flushed immediately, and only what follows it within `batchMs` waits for the batch.
 */

/** A batch is flushed at once when it reaches this size. */
export const MAX_BATCH_BYTES = 64 * 1024
/**
 * For this long after input reaches the pty, output goes out unbatched: what follows a key is most
 * likely its answer (an echo, or the prompt after Ctrl-C), and it must not wait behind a flood's
 * batch timer.
 */
export const INPUT_ANSWER_MS = 50

export class OutputBatcher {
  private chunks: Buffer[] = []
  private bytes = 0
  private timer: NodeJS.Timeout | undefined
  private lastFlushAt = Number.NEGATIVE_INFINITY
  private answerUntil = Number.NEGATIVE_INFINITY

  constructor(private readonly batchMs: number, private readonly onBatch: (data: Buffer) => void) {}

  push(data: Buffer): void {
    this.chunks.push(data)
    this.bytes += data.length
    const now = performance.now()
    const quiet = this.timer === undefined && now - this.lastFlushAt >= this.batchMs
    if (this.bytes >= MAX_BATCH_BYTES || quiet || now < this.answerUntil)
      this.flush()
    else
      this.timer ??= setTimeout(() => this.flush(), this.batchMs)
  }

  /** Input was just written to the pty: its answer goes out as soon as it arrives. */
  inputSent(): void {
    this.answerUntil = performance.now() + INPUT_ANSWER_MS
  }

  /** Hands on whatever is gathered now (e.g. before the shell's exit is announced). */
  flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    this.lastFlushAt = performance.now()
    if (this.bytes === 0)
      return
    const data = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.bytes)
    this.chunks = []
    this.bytes = 0
    this.onBatch(data)
  }

  /** Drops what is gathered, unsent (a restart starts from an empty screen). */
  discard(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    this.chunks = []
    this.bytes = 0
  }
}
