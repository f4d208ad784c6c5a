/**
 * Run ids for run controls. The server carries out a run id once per session, so the id must be the
 * same in every window that shows the control (audience and presenter): it is derived from the slide,
 * the terminal and the command, never from the window. A numbered suffix lets the presenter run the
 * same command again on purpose once the previous run has finished.
 */
export function commandRunBase(page: number, terminal: string, command: string): string {
  return `p${page}:${terminal}:${fnv1a(command)}`
}

export function numberedRunId(base: string, attempt: number): string {
  return `${base}#${attempt}`
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
