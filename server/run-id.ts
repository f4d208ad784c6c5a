/**
 * Run ids: the key the demo server carries a run out once by (per session), so every window that
 * shows a run control must build the same id for the same click. Imported by the server and the
 * components, so no `node:` or DOM imports here.
 *
 * - A demo step: `<demo>:<step>` on its first run, `<demo>:<step>#retry<N>` when the presenter runs
 *   it again by hand after it failed. Recordings mark a step with the plain step id, whichever.
 * - A free command (`<RunCommand>`): `p<page>:<terminal>:<hash of the command>#<N>`, numbered from 1,
 *   so "run again" is a new run on purpose.
 */

/** The run id of a demo's step; `retry` 0 is the first run. */
export function stepRunId(demo: string, step: string, retry = 0): string {
  return retry === 0 ? `${demo}:${step}` : `${demo}:${step}#retry${retry}`
}

const RETRY_SUFFIX = /#retry(\d+)$/

/**
 * The step a run id of demo `demo` runs, retries included: `stepOfRun('web', 'web:build#retry2')`
 * is "build". A run id of another demo (or a free command) comes back whole.
 */
export function stepOfRun(demo: string, runId: string): string {
  if (!runId.startsWith(`${demo}:`))
    return runId
  return runId.slice(demo.length + 1).replace(RETRY_SUFFIX, '')
}

/** The stable part of a free command's run id: the slide, the terminal and the command. */
export function commandRunBase(page: number, terminal: string, command: string): string {
  return `p${page}:${terminal}:${fnv1a(command)}`
}

/** Attempt `attempt` (from 1) of a free command. */
export function commandRunId(base: string, attempt: number): string {
  return `${base}#${attempt}`
}

/** The attempt number of a free command's run id (0 when it has none). */
export function commandAttemptOf(runId: string): number {
  const attempt = Number(runId.slice(runId.lastIndexOf('#') + 1))
  return runId.includes('#') && Number.isInteger(attempt) ? attempt : 0
}

/** 32-bit FNV-1a, base 36: short, stable, and good enough to tell commands apart. */
function fnv1a(text: string): string {
  let hash = 0x811C9DC5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(36)
}
