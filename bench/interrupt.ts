/** Ctrl-C under `yes`: time from sending Ctrl-C until the prompt (its OSC 633 marker, status 130) is back. */
import { now, percentile, sleep } from './stats.ts'
import { type BenchSubject, PROMPT_MARKER, waitForText } from './terminal.ts'

const REPEATS = 5

export async function measureInterrupt(subject: BenchSubject): Promise<{ p50: number; max: number }> {
  const terminal = await subject.open({ session: 'bench-interrupt' })
  const times: number[] = []
  try {
    for (let i = 0; i < REPEATS; i++) {
      const started = terminal.received
      terminal.write('yes\r')
      while (terminal.received - started < 2_000_000)
        await sleep(10)
      const prompt = waitForText(terminal, `${PROMPT_MARKER}130`, 20_000)
      const start = now()
      terminal.write('\x03')
      times.push((await prompt) - start)
      await sleep(200)
    }
  }
  finally {
    await terminal.close()
  }
  return { p50: percentile(times, 50), max: Math.max(...times) }
}
