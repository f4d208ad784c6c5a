/** Small measuring helpers shared by the bench modules: percentiles, clocks, process memory. */
import { readFile, readdir } from 'node:fs/promises'

/** Milliseconds from a monotonic clock. */
export const now = (): number => performance.now()

export const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

/** Nearest-rank percentile of `samples` (0 < p <= 100); NaN for no samples. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0)
    return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

export const median = (samples: number[]): number => percentile(samples, 50)

/** Resident set size of a process in MB (from /proc, so it works for any child process). */
export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN)
  return kb / 1024
}

/** Pids of every live descendant of `pid` (children, grandchildren, ...). */
export async function descendants(pid: number): Promise<number[]> {
  const parentOf = new Map<number, number>()
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry))
      continue
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // Zombies (state Z) are already dead; only their parent has not reaped them yet.
    if (fields.length > 1 && fields[0] !== 'Z')
      parentOf.set(Number(entry), Number(fields[1]))
  }
  const found: number[] = []
  let frontier = [pid]
  while (frontier.length > 0) {
    const next: number[] = []
    for (const [child, parent] of parentOf) {
      if (frontier.includes(parent)) {
        found.push(child)
        next.push(child)
      }
    }
    frontier = next
  }
  return found
}

/** The command name (comm) of a process, or undefined when it is gone. */
export async function commandName(pid: number): Promise<string | undefined> {
  return (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => undefined))?.trim()
}

/** Bytes a process has written so far (write syscalls, /proc/PID/io wchar). */
export async function bytesWritten(pid: number): Promise<number> {
  const io = await readFile(`/proc/${pid}/io`, 'utf8')
  return Number(/wchar:\s+(\d+)/.exec(io)?.[1] ?? Number.NaN)
}

/** Finds the first descendant of `root` whose command name is `name`, polling until `timeoutMs`. */
export async function findDescendant(root: number, name: string, timeoutMs = 5000): Promise<number> {
  const deadline = now() + timeoutMs
  while (now() < deadline) {
    for (const pid of await descendants(root)) {
      if (await commandName(pid) === name)
        return pid
    }
    await sleep(20)
  }
  throw new Error(`no "${name}" process under pid ${root} after ${timeoutMs} ms`)
}
