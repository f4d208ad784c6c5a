/** Keystroke echo latency: one key sent, time until its echo arrives; idle and while another session floods with `yes`. */
import { now, percentile, sleep } from './stats.ts'
import { type BenchSubject, type BenchTerminal, nextChunk } from './terminal.ts'

const SAMPLES = 200
/** Pause between keys: 40 keys a second, faster than anyone types (and than a Run's typeDelayMs). */
const KEY_GAP_MS = 25

export interface EchoResult {
  p50: number
  p99: number
}

/** Types SAMPLES single keys, each after the previous echo came back, clearing the line now and then. */
export async function echoSamples(terminal: BenchTerminal, samples = SAMPLES): Promise<number[]> {
  const latencies: number[] = []
  for (let i = 0; i < samples; i++) {
    const arrival = nextChunk(terminal)
    const start = now()
    terminal.write(i % 2 === 0 ? 'a' : 'b')
    latencies.push((await arrival) - start)
    if (i % 40 === 39) {
      terminal.write('\x15') // Ctrl-U: clear the line so it never wraps
      await sleep(40)
    }
    await sleep(KEY_GAP_MS)
  }
  terminal.write('\x15')
  await sleep(40)
  return latencies
}

function summary(latencies: number[]): EchoResult {
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) }
}

/** Starts `yes` in a terminal of its own, read (and acknowledged) as fast as the client can. */
export async function startFlood(subject: BenchSubject, session: string): Promise<BenchTerminal> {
  const flood = await subject.open({ session })
  const started = flood.received
  flood.write('yes\r')
  while (flood.received - started < 1_000_000)
    await sleep(20)
  return flood
}

export async function stopFlood(flood: BenchTerminal): Promise<void> {
  flood.write('\x03')
  await sleep(100)
  await flood.close()
}

export async function measureEcho(subject: BenchSubject): Promise<{ idle: EchoResult; flood: EchoResult }> {
  const terminal = await subject.open({ session: 'bench-echo' })
  try {
    await echoSamples(terminal, 20) // warm-up
    const idle = summary(await echoSamples(terminal))
    const flood = await startFlood(subject, 'bench-flood')
    try {
      return { idle, flood: summary(await echoSamples(terminal)) }
    }
    finally {
      await stopFlood(flood)
    }
  }
  finally {
    await terminal.close()
  }
}
