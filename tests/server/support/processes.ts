/** Process counting for the tests that prove nothing is left behind. */
import { readdir, readFile } from 'node:fs/promises'

/** Pids of the live (not zombie) descendants of `pid`, found through /proc. */
export async function descendantsOf(pid: number): Promise<number[]> {
  const parents = new Map<number, number[]>()
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry))
      continue
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (fields.length < 2 || fields[0] === 'Z')
      continue
    const ppid = Number(fields[1])
    parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)])
  }
  const found: number[] = []
  const walk = (parent: number) => {
    for (const child of parents.get(parent) ?? []) {
      found.push(child)
      walk(child)
    }
  }
  walk(pid)
  return found
}

/** Resident memory of a process in bytes. */
export async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024
}

export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 10_000, stepMs = 100): Promise<boolean> {
  const end = Date.now() + timeoutMs
  while (Date.now() < end) {
    if (await check())
      return true
    await new Promise(resolve => setTimeout(resolve, stepMs))
  }
  return check()
}
