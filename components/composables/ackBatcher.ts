/**
 * Flow control, client side: the server pauses the pty while a client has too many unacknowledged
 * output bytes, so the client acknowledges what xterm has actually rendered (write callbacks), not
 * what arrived. Acks are batched: one per `batchBytes`, plus one whenever every write has rendered
 * (drain), so a quiet terminal never leaves bytes unacknowledged.
 */
export interface AckBatcher {
  /** A write was handed to the terminal. */
  written: () => void
  /** That write's bytes are on screen. */
  rendered: (bytes: number) => void
}

export function createAckBatcher(batchBytes: number, sendAck: (bytes: number) => void): AckBatcher {
  let unacked = 0
  let inFlight = 0
  return {
    written() {
      inFlight++
    },
    rendered(bytes) {
      inFlight = Math.max(0, inFlight - 1)
      unacked += bytes
      if (unacked >= batchBytes || (inFlight === 0 && unacked > 0)) {
        const count = unacked
        unacked = 0
        sendAck(count)
      }
    },
  }
}
