/**
 * Memory per session: server RSS with 1 session open, then with 16, each with a shell that has
 * printed a screenful (so its screen mirror holds something); the cost of each added session is the
 * difference over 15. The shells are the server's children and not counted.
 */
import { rssMb, sleep } from './stats.ts'
import { type BenchSubject, type BenchTerminal, PROMPT_MARKER, waitForText } from './terminal.ts'

export const SESSION_COUNTS = [1, 16] as const
const SETTLE_MS = 1500

export interface SessionMemory {
  oneMb: number
  sixteenMb: number
  perSessionMb: number
}

async function openWithScreen(subject: BenchSubject, index: number): Promise<BenchTerminal> {
  const terminal = await subject.open({ session: `bench-memory-${index}` })
  const done = waitForText(terminal, `${PROMPT_MARKER}0`, 20_000)
  terminal.write('seq 1 40\r')
  await done
  return terminal
}

export async function measureSessions(subject: BenchSubject): Promise<SessionMemory> {
  const terminals: BenchTerminal[] = []
  try {
    terminals.push(await openWithScreen(subject, 0))
    await sleep(SETTLE_MS)
    const oneMb = await rssMb(subject.pid)
    while (terminals.length < SESSION_COUNTS[1])
      terminals.push(await openWithScreen(subject, terminals.length))
    await sleep(SETTLE_MS)
    const sixteenMb = await rssMb(subject.pid)
    return { oneMb, sixteenMb, perSessionMb: (sixteenMb - oneMb) / (SESSION_COUNTS[1] - 1) }
  }
  finally {
    await Promise.all(terminals.map(terminal => terminal.close()))
  }
}
