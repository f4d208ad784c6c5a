/**
 * Engine picture latency: from the engine's own event (its `timeNano`, the daemon's wall clock on
 * this machine) to the diff that shows it reaching a subscriber of an EngineFollower. Each round
 * starts a container (`docker run -d`, event `start`, diff: it runs) and removes it (`docker rm -f`,
 * event `destroy`, diff: it is gone). A second /events stream in the bench reads the event times.
 * `npx tsx bench/engine-latency.ts [runs]` prints the figures; bench/run.ts can call
 * measureEngineLatency().
 */
import { randomBytes } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import { execa } from 'execa'
import { EngineClient } from '../server/engine/engine-client.ts'
import { resolveEngineEndpoint } from '../server/engine/engine-endpoint.ts'
import type { ApiEvent } from '../server/engine/engine-events.ts'
import { EngineFollower } from '../server/engine/engine-follower.ts'
import { watchPicture } from '../tests/support/picture-watch.ts'
import { percentile } from './stats.ts'

export const ENGINE_LATENCY_IMAGE = 'debian:bookworm-slim'
const DEFAULT_RUNS = 25

export interface LatencySummary {
  p50: number
  p95: number
  max: number
  samples: number[]
}

export interface EngineLatency {
  runs: number
  /** `start` event → the diff where the container runs, in ms. */
  startToDiff: LatencySummary
  /** `destroy` event → the diff where it is gone, in ms. */
  destroyToDiff: LatencySummary
  /** `docker run -d` returning → that diff (negative: the diff came first), in ms. */
  cliReturnToDiff: LatencySummary
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable with the engine's timeNano. */
const wallNow = (): number => performance.timeOrigin + performance.now()

function summary(samples: number[]): LatencySummary {
  const rounded = samples.map(value => Math.round(value * 10) / 10)
  return { p50: percentile(rounded, 50), p95: percentile(rounded, 95), max: Math.max(...rounded), samples: rounded }
}

/** Resolves with the engine's time (ms) of the first event for which `match` holds. */
function eventTimes(events: ApiEvent[], waiters: Set<() => void>) {
  return (match: (event: ApiEvent) => boolean, timeoutMs = 10_000) => new Promise<number>((resolve, reject) => {
    const check = () => {
      const found = events.find(match)
      if (found) {
        waiters.delete(check)
        clearTimeout(timer)
        resolve((found.timeNano ?? 0) / 1e6)
      }
    }
    const timer = setTimeout(() => {
      waiters.delete(check)
      reject(new Error('the engine event never came'))
    }, timeoutMs)
    waiters.add(check)
    check()
  })
}

export async function measureEngineLatency(runs = DEFAULT_RUNS): Promise<EngineLatency> {
  const endpoint = await resolveEngineEndpoint()
  const prefix = `demo-bench-latency-${randomBytes(3).toString('hex')}`
  const follower = new EngineFollower({ endpoint })
  const watch = watchPicture(follower)
  const side = new EngineClient(endpoint)
  const abort = new AbortController()
  const events: ApiEvent[] = []
  const waiters = new Set<() => void>()
  const sideStream = side.followEvents({
    filters: { type: ['container'], event: ['start', 'destroy'] },
    onEvent: (event) => {
      events.push(event as ApiEvent)
      for (const waiter of [...waiters])
        waiter()
    },
    signal: abort.signal,
  })
  sideStream.catch(() => {})
  const eventTime = eventTimes(events, waiters)
  const start: number[] = []
  const destroy: number[] = []
  const cliReturn: number[] = []
  try {
    await watch.waitFor(picture => picture.engine.status === 'live', 30_000, 'the engine to answer')
    for (let round = 0; round <= runs; round++) {
      const name = `${prefix}-${round}`
      const byName = (event: ApiEvent) => event.Actor?.Attributes?.name === name
      const running = watch.waitFor(picture => picture.containers.some(c => c.name === name && c.status === 'running'), 10_000, `${name} running`).then(wallNow)
      const { stdout: id } = await execa('docker', ['run', '-d', '--name', name, ENGINE_LATENCY_IMAGE, 'sleep', '60'])
      const returned = wallNow()
      const [shown, started] = await Promise.all([running, eventTime(event => byName(event) && event.Action === 'start')])
      const gone = watch.waitFor(picture => !picture.containers.some(c => c.id === id.trim()), 10_000, `${name} gone`).then(wallNow)
      await execa('docker', ['rm', '-f', name])
      const [removed, destroyed] = await Promise.all([gone, eventTime(event => byName(event) && event.Action === 'destroy')])
      if (round === 0)
        continue // warm-up: first inspect, first connection
      start.push(shown - started)
      destroy.push(removed - destroyed)
      cliReturn.push(shown - returned)
    }
  }
  finally {
    abort.abort()
    side.close()
    watch.stop()
    follower.close()
    await execa('sh', ['-c', `docker ps -aq --filter name=${prefix} | xargs -r docker rm -f`], { reject: false })
  }
  return { runs, startToDiff: summary(start), destroyToDiff: summary(destroy), cliReturnToDiff: summary(cliReturn) }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const runs = Number(process.argv[2] ?? DEFAULT_RUNS)
  const result = await measureEngineLatency(runs)
  const line = (label: string, s: LatencySummary) => `${label.padEnd(34)} p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`
  console.log(`engine picture latency over ${result.runs} runs (after a warm-up)`)
  console.log(line('start event → diff at subscriber', result.startToDiff))
  console.log(line('destroy event → diff at subscriber', result.destroyToDiff))
  console.log(line('docker run -d returns → diff', result.cliReturnToDiff))
  process.exit(0)
}
