/**
 * Reconnect delay after `failures` failed attempts: doubles from `baseMs` up to `maxMs`, with jitter
 * (50-100 %) so the audience and presenter windows do not hammer a restarting server in step.
 */
export function nextBackoffMs(failures: number, baseMs: number, maxMs: number, random = Math.random): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 16)
  const delay = Math.min(maxMs, baseMs * 2 ** exponent)
  return Math.round(delay * (0.5 + random() / 2))
}
