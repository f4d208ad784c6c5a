/**
 * A client that stops reading while `yes` runs: how much the server's memory (RSS) grows over a
 * few seconds, and whether the pty was paused, seen from outside as `yes` making no progress
 * (its write counter in /proc/PID/io standing still) for a while.
 */
import { bytesWritten, findDescendant, now, rssMb, sleep } from './stats.ts'
import type { BenchSubject } from './terminal.ts'

const WATCH_MS = 6000
const SAMPLE_MS = 50
/** `yes` standing still this long counts as paused (it never blocks that long when read). */
const PAUSED_MS = 300

export interface StalledResult {
  growthMb: number
  paused: boolean
  /** How long `yes` stood still in total while the client was stalled, in ms. */
  pausedMs: number
}

export async function measureStalled(subject: BenchSubject): Promise<StalledResult> {
  const terminal = await subject.open({ session: 'bench-stalled' })
  const baseline = await rssMb(subject.pid)
  let yesPid = 0
  try {
    const started = terminal.received
    terminal.write('yes\r')
    while (terminal.received - started < 200_000)
      await sleep(5)
    terminal.stopReading()
    yesPid = await findDescendant(subject.pid, 'yes')
    let peak = baseline
    let pausedMs = 0
    let standingSince: number | undefined
    let longestStand = 0
    let last = await bytesWritten(yesPid)
    const end = now() + WATCH_MS
    while (now() < end) {
      await sleep(SAMPLE_MS)
      const written = await bytesWritten(yesPid)
      const t = now()
      peak = Math.max(peak, await rssMb(subject.pid))
      if (written === last) {
        standingSince ??= t - SAMPLE_MS
        longestStand = Math.max(longestStand, t - standingSince)
      }
      else {
        if (standingSince !== undefined && t - standingSince >= PAUSED_MS)
          pausedMs += t - standingSince
        standingSince = undefined
      }
      last = written
    }
    if (standingSince !== undefined && now() - standingSince >= PAUSED_MS)
      pausedMs += now() - standingSince
    return { growthMb: peak - baseline, paused: longestStand >= PAUSED_MS, pausedMs: Math.round(pausedMs) }
  }
  finally {
    await terminal.close()
    // Our session outlives its last client for the idle timeout; do not let `yes` burn CPU meanwhile.
    if (yesPid) {
      try {
        process.kill(yesPid, 'SIGKILL')
      }
      catch { /* already gone */ }
    }
    await sleep(300)
  }
}
