/**
 * Fan-out: one session watched by 1, 10, 50 and 200 read-only viewers. A writer types single keys;
 * each viewer's delay is from the key being sent to the echo reaching that viewer. Server memory
 * (RSS) is read with all viewers attached.
 */
import { now, percentile, rssMb, sleep } from './stats.ts'
import type { BenchSubject, BenchTerminal } from './terminal.ts'

export const VIEWER_COUNTS = [1, 10, 50, 200]
const KEYS_PER_LEVEL = 60

export interface FanoutLevel {
  viewers: number
  p99: number
  rssMb: number
}

/** Resolves with every viewer's arrival time of its next output chunk. */
function nextChunkEverywhere(viewers: BenchTerminal[], timeoutMs = 10_000): Promise<number[]> {
  return Promise.all(viewers.map(viewer => new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      off()
      reject(new Error(`a viewer got no output within ${timeoutMs} ms`))
    }, timeoutMs)
    const off = viewer.onData(() => {
      clearTimeout(timer)
      off()
      resolve(now())
    })
  })))
}

export async function measureFanout(subject: BenchSubject): Promise<FanoutLevel[]> {
  const writer = await subject.open({ session: 'bench-fanout' })
  const viewers: BenchTerminal[] = []
  const levels: FanoutLevel[] = []
  try {
    for (const count of VIEWER_COUNTS) {
      while (viewers.length < count)
        viewers.push(await subject.open({ session: 'bench-fanout', viewer: true }))
      await sleep(300)
      const delays: number[] = []
      for (let i = 0; i < KEYS_PER_LEVEL; i++) {
        const arrivals = nextChunkEverywhere(viewers)
        const start = now()
        writer.write(i % 2 === 0 ? 'a' : 'b')
        for (const arrival of await arrivals)
          delays.push(arrival - start)
        if (i % 20 === 19) {
          writer.write('\x15')
          await sleep(60)
        }
        await sleep(10)
      }
      writer.write('\x15')
      await sleep(60)
      levels.push({ viewers: count, p99: percentile(delays, 99), rssMb: await rssMb(subject.pid) })
    }
  }
  finally {
    await Promise.all(viewers.map(viewer => viewer.close()))
    await writer.close()
  }
  return levels
}
