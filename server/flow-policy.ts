/**
 * When the session pauses its pty and when it resumes it. A pure rule, so it can be tested without
 * a pty: the slowest live client's unacknowledged bytes and the screen mirror's parse backlog go
 * in, and the answer comes out. The gap between the high and low marks keeps the pty from
 * flapping between paused and running on every acknowledgement.
 */

export interface FlowReading {
  /** Whether the pty is paused now. */
  paused: boolean
  /** The largest backlog of any live client, in bytes (ClientFeed.pressure). */
  clientPressure: number
  /** Bytes the screen mirror has been given and not parsed yet. */
  mirrorBacklog: number
}

export interface FlowMarks {
  /** A client this far behind pauses the pty... */
  highWaterBytes: number
  /** ...until it is back under this. */
  lowWaterBytes: number
}

/**
 * The mirror may lag this far behind before the pty is paused for it... It gathers up to
 * GATHER_BYTES (mirror-screen.mjs) and skips what only scrolls out, so this is a safety net for
 * output it must parse in full (full-screen redraws), not something a flood reaches.
 */
export const MIRROR_HIGH_WATER = 8 * 1024 * 1024
/** ...and the pty resumes once it is back under this. */
export const MIRROR_LOW_WATER = MIRROR_HIGH_WATER / 4

export type FlowDecision = 'pause' | 'resume' | 'keep'

export function decideFlow(reading: FlowReading, marks: FlowMarks): FlowDecision {
  const { paused, clientPressure, mirrorBacklog } = reading
  if (!paused && (clientPressure > marks.highWaterBytes || mirrorBacklog > MIRROR_HIGH_WATER))
    return 'pause'
  if (paused && clientPressure < marks.lowWaterBytes && mirrorBacklog < MIRROR_LOW_WATER)
    return 'resume'
  return 'keep'
}
