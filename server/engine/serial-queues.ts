/**
 * Work run one task at a time per key, keys in parallel. Reads of one object must land in the order
 * their events came: an inspect begun on `die` that answers after `destroy` would otherwise bring
 * back a container that is gone.
 */
export class SerialQueues {
  private readonly tails = new Map<string, Promise<void>>()
  /** Coalescing keys of tasks queued but not started. */
  private readonly waiting = new Set<string>()

  /**
   * Queues `task` behind the others of `key`. With `coalesce`, a task whose twin is already waiting
   * is dropped: the waiting one has not read anything yet, so it will see the newest state anyway.
   */
  run(key: string, task: () => Promise<void>, coalesce?: string): void {
    if (coalesce !== undefined) {
      if (this.waiting.has(coalesce))
        return
      this.waiting.add(coalesce)
    }
    const previous = this.tails.get(key) ?? Promise.resolve()
    const tail = previous.then(() => {
      if (coalesce !== undefined)
        this.waiting.delete(coalesce)
      return task()
    }).catch(() => {
      // The task reports its own failure; the queue goes on with the next one.
    })
    this.tails.set(key, tail)
    void tail.then(() => {
      if (this.tails.get(key) === tail)
        this.tails.delete(key)
    })
  }

  /** Resolves when every task queued so far has finished. */
  async idle(): Promise<void> {
    while (this.tails.size)
      await Promise.all(this.tails.values())
  }
}
