/**
 * `npm run bench`: every figure for our server, wetty 3.2.0 and raw node-pty, measured in one run,
 * printed as a table and written to bench/results.json and bench/results.md.
 * `npm run bench -- --only echo,interrupt --subjects ours,raw` runs a subset (for profiling).
 */
import { writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { DOCKER_IMAGE, dockerUnavailable, measureDocker } from './docker.ts'
import { measureEngineLatency } from './engine-latency.ts'
import { measureEcho } from './echo.ts'
import { measureFanout, VIEWER_COUNTS } from './fanout.ts'
import { measureInterrupt } from './interrupt.ts'
import { type Cell, consoleTable, markdownTable, type Row, rowTarget, verdictFor } from './report.ts'
import { measureSessions } from './sessions.ts'
import { measureStalled } from './stalled.ts'
import { startOurs } from './subjects/ours.ts'
import { startRaw } from './subjects/raw.ts'
import { startWetty } from './subjects/wetty.ts'
import type { BenchSubject, SubjectName } from './terminal.ts'
import { measureThroughput } from './throughput.ts'

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url))
const HOW_MEASURED = `How each figure is measured (every subject runs bash with server/shell/bashrc in the same folder):
- throughput: \`cat\` of a 100,000,000-byte text file until a marker after it arrives; 1 MB = 10^6 bytes.
- echo: one key sent, time until the next output chunk (its echo) arrives; 200 keys, 25 ms apart; "floods" = another
  session of the same server runs \`yes\`, read and acknowledged by its own client.
- Ctrl-C: \`yes\` running, 2 MB received, Ctrl-C sent; time until the prompt's OSC 633 marker with status 130.
- stalled client: \`yes\` running, the client stops reading its socket and acknowledging; server RSS peak minus
  RSS before, over 6 s; "paused" = \`yes\` wrote nothing (/proc/PID/io wchar) for >= 300 ms.
- sessions: server RSS with 1 session open, then 16 (each shell has printed \`seq 1 40\`), 1.5 s after the last
  opened; per added session = the difference / 15. Shells are child processes and not counted.
- fan-out: one session, N read-only viewers plus one writer typing single keys; delay from key sent to the echo
  reaching each viewer (all clients live in the bench process); server RSS with the N viewers attached.
- docker: \`docker run --rm debian:bookworm-slim true\` through each terminal until the prompt is back (ours: a Run
  request, which types the command, waits 40 ms for the echo to settle, then presses Enter; also typed)
  (\`true\` prints nothing), minus the bare CLI's time in the same round; median of 9 rounds after a warm-up.
- engine picture: the engine's own event time (timeNano of \`start\` / \`destroy\`) to the diff showing it reaching a
  subscriber of the server's EngineFollower; 25 rounds of \`docker run -d\` and \`docker rm -f\`.
Absolute figures depend on the machine's load (shown above); compare the columns of one run.`
const MEASUREMENTS = ['throughput', 'echo', 'interrupt', 'stalled', 'sessions', 'fanout', 'docker', 'engine'] as const

const { values } = parseArgs({ options: { only: { type: 'string' }, subjects: { type: 'string' } } })
const only = new Set(values.only ? values.only.split(',') : MEASUREMENTS)
const wanted = new Set((values.subjects ?? 'ours,wetty,raw').split(',') as SubjectName[])
const log = (line: string) => console.error(`bench: ${line}`)

function notAvailable(reason: string): string {
  return `n/a (${reason})`
}

/** Runs `measure` for each subject; a failure becomes that subject's "n/a (why)" cell. */
async function perSubject<T>(name: string, subjects: Map<SubjectName, BenchSubject | string>, measure: (subject: BenchSubject) => Promise<T>): Promise<Map<SubjectName, T | string>> {
  const results = new Map<SubjectName, T | string>()
  for (const [subjectName, subject] of subjects) {
    if (typeof subject === 'string') {
      results.set(subjectName, subject)
      continue
    }
    log(`${name}: ${subjectName}...`)
    try {
      results.set(subjectName, await measure(subject))
    }
    catch (error) {
      log(`${name}: ${subjectName} failed: ${(error as Error).stack}`)
      results.set(subjectName, notAvailable(`failed: ${(error as Error).message.split('\n')[0].slice(0, 80)}`))
    }
  }
  return results
}

function cells<T>(results: Map<SubjectName, T | string>, pick: (value: T) => Cell, fallback: Partial<Record<SubjectName, string>> = {}): Record<SubjectName, Cell> {
  const cell = (name: SubjectName): Cell => {
    if (fallback[name])
      return fallback[name]!
    const value = results.get(name)
    if (value === undefined)
      return 'not run'
    return typeof value === 'string' ? value : pick(value as T)
  }
  return { ours: cell('ours'), wetty: cell('wetty'), raw: cell('raw') }
}

const subjects = new Map<SubjectName, BenchSubject | string>()
if (wanted.has('ours'))
  subjects.set('ours', await startOurs())
if (wanted.has('wetty')) {
  try {
    subjects.set('wetty', await startWetty(log))
  }
  catch (error) {
    log(`wetty could not be started: ${(error as Error).message}`)
    subjects.set('wetty', notAvailable(`wetty did not start: ${(error as Error).message.slice(0, 80)}`))
  }
}
if (wanted.has('raw'))
  subjects.set('raw', startRaw())

const rows: Row[] = []
const loadAtStart = os.loadavg()
const raw: Record<string, unknown> = {}
const startedAt = new Date()
try {
  if (only.has('throughput')) {
    const results = await perSubject('throughput', subjects, measureThroughput)
    raw.throughputMBps = Object.fromEntries(results)
    const row = cells(results, (value: number) => value)
    const ofRaw = typeof row.ours === 'number' && typeof row.raw === 'number' ? row.ours / row.raw : Number.NaN
    const ofWetty = typeof row.ours === 'number' && typeof row.wetty === 'number' ? row.ours / row.wetty : Number.NaN
    const pass = ofRaw >= 0.9 && ofWetty >= 2
    rows.push({ metric: 'throughput, cat 100 MB', unit: 'MB/s', cells: row,
      target: `≥ 90% of raw, ≥ 2× wetty (is ${(ofRaw * 100).toFixed(0)}%, ${ofWetty.toFixed(1)}×)`,
      verdict: Number.isNaN(ofRaw) || Number.isNaN(ofWetty) ? 'n/a' : pass ? 'pass' : 'short' })
  }
  if (only.has('echo')) {
    const results = await perSubject('echo', subjects, measureEcho)
    raw.echoMs = Object.fromEntries(results)
    const idle = cells(results, value => value.idle.p99)
    const flood = cells(results, value => value.flood.p99)
    const idle50 = cells(results, value => value.idle.p50)
    const flood50 = cells(results, value => value.flood.p50)
    rows.push({ metric: 'echo p50, idle', unit: 'ms', cells: idle50, ...rowTarget(idle50, undefined, 'ms') })
    rows.push({ metric: 'echo p99, idle', unit: 'ms', cells: idle, ...rowTarget(idle, 10, 'ms') })
    rows.push({ metric: 'echo p50, other session floods', unit: 'ms', cells: flood50, ...rowTarget(flood50, undefined, 'ms') })
    rows.push({ metric: 'echo p99, other session floods', unit: 'ms', cells: flood, ...rowTarget(flood, 50, 'ms') })
  }
  if (only.has('interrupt')) {
    const results = await perSubject('interrupt', subjects, measureInterrupt)
    raw.interruptMs = Object.fromEntries(results)
    const p50 = cells(results, value => value.p50)
    rows.push({ metric: 'Ctrl-C under yes → prompt, p50', unit: 'ms', cells: p50, ...rowTarget(p50, undefined, 'ms') })
    const worst = cells(results, value => value.max)
    rows.push({ metric: 'Ctrl-C under yes → prompt, worst of 5', unit: 'ms', cells: worst, ...rowTarget(worst, 300, 'ms') })
  }
  if (only.has('stalled')) {
    const results = await perSubject('stalled', subjects, measureStalled)
    raw.stalled = Object.fromEntries(results)
    const noStream = { raw: 'n/a (no connection)' }
    const growth = cells(results, value => value.growthMb, noStream)
    rows.push({ metric: 'stalled client: server memory growth', unit: 'MB', cells: growth, ...rowTarget(growth, 20, 'MB') })
    rows.push({ metric: 'stalled client: pty paused', unit: '', cells: cells(results, value => (value.paused ? `yes, ${value.pausedMs} ms of 6 s` : 'no'), noStream), target: '', verdict: '' })
  }
  if (only.has('sessions')) {
    const memorySubjects = new Map([...subjects].filter(([name]) => name !== 'raw'))
    const results = await perSubject('sessions', memorySubjects, measureSessions)
    raw.sessions = Object.fromEntries(results)
    const noServer = { raw: 'n/a (no server)' }
    rows.push({ metric: 'server RSS, 1 session open', unit: 'MB', cells: cells(results, value => value.oneMb, noServer), target: '', verdict: '' })
    rows.push({ metric: 'server RSS, 16 sessions open', unit: 'MB', cells: cells(results, value => value.sixteenMb, noServer), target: '', verdict: '' })
    const perSession = cells(results, value => value.perSessionMb, noServer)
    rows.push({ metric: 'server RSS per added session', unit: 'MB', cells: perSession, target: '< 5 MB', verdict: verdictFor(perSession.ours, { max: 5 }) })
  }
  if (only.has('fanout')) {
    const ours = subjects.get('ours')
    const fanSubjects = new Map<SubjectName, BenchSubject | string>(ours ? [['ours', ours]] : [])
    const results = await perSubject('fan-out', fanSubjects, measureFanout)
    raw.fanout = Object.fromEntries(results)
    const noSharing = { wetty: 'n/a (a pty per connection, no shared session)', raw: 'n/a (no viewers)' }
    for (const [index, count] of VIEWER_COUNTS.entries()) {
      const p99 = cells(results, value => value[index].p99, noSharing)
      const target = count === 200 ? '< 100 ms' : ''
      rows.push({ metric: `fan-out ${count} viewer${count > 1 ? 's' : ''}: p99 delivery`, unit: 'ms', cells: p99, target,
        verdict: target ? verdictFor(p99.ours, { max: 100 }) : '' })
      rows.push({ metric: `fan-out ${count} viewer${count > 1 ? 's' : ''}: server RSS`, unit: 'MB', cells: cells(results, value => value[index].rssMb, noSharing), target: '', verdict: '' })
    }
  }
  if (only.has('docker')) {
    const why = await dockerUnavailable()
    if (why) {
      log(`docker: ${why}`)
      rows.push({ metric: `docker run --rm ${DOCKER_IMAGE} true: overhead`, unit: 'ms', cells: { ours: notAvailable(why), wetty: notAvailable(why), raw: notAvailable(why) }, target: '< 50 ms', verdict: 'n/a' })
    }
    else {
      const live = [...subjects.values()].filter((subject): subject is BenchSubject => typeof subject !== 'string')
      log('docker: all subjects, interleaved...')
      const { bareMs, overheadMs } = await measureDocker(live)
      raw.docker = { bareMs, overheadMs: Object.fromEntries(overheadMs) }
      const overhead = cells(new Map([...subjects].map(([name, subject]) => [name, typeof subject === 'string' ? subject : overheadMs.get(name)!])), value => value)
      rows.push({ metric: `docker run … true: bare CLI (median of 9)`, unit: 'ms', cells: { ours: bareMs, wetty: bareMs, raw: bareMs }, target: '', verdict: '' })
      rows.push({ metric: `docker run … true: overhead over bare CLI`, unit: 'ms', cells: overhead, target: '< 50 ms', verdict: verdictFor(overhead.ours, { max: 50 }) })
      const typed = overheadMs.get('ours-typed')
      if (typed !== undefined) {
        const typedCells = { ...overhead, ours: typed }
        rows.push({ metric: `  same, ours typed instead of a Run request`, unit: 'ms', cells: typedCells, ...rowTarget(typedCells, 50, 'ms') })
      }
    }
  }
  if (only.has('engine')) {
    const why = await dockerUnavailable()
    const others = { wetty: 'n/a (no engine picture)', raw: 'n/a (no engine picture)' }
    if (why) {
      rows.push({ metric: 'engine event → picture diff, p95', unit: 'ms', cells: { ours: notAvailable(why), ...others }, target: '< 50 ms', verdict: 'n/a' })
    }
    else {
      log('engine picture latency...')
      const latency = await measureEngineLatency()
      raw.engineLatency = { startToDiff: latency.startToDiff, destroyToDiff: latency.destroyToDiff, cliReturnToDiff: latency.cliReturnToDiff }
      rows.push({ metric: 'engine event → picture diff, p50', unit: 'ms', cells: { ours: latency.startToDiff.p50, ...others }, target: '', verdict: '' })
      const p95 = Math.max(latency.startToDiff.p95, latency.destroyToDiff.p95)
      rows.push({ metric: 'engine event → picture diff, p95 (start, destroy)', unit: 'ms', cells: { ours: p95, ...others }, target: '< 50 ms', verdict: verdictFor(p95, { max: 50 }) })
    }
  }
}
finally {
  for (const subject of subjects.values()) {
    if (typeof subject !== 'string')
      await subject.close()
  }
}

const load = (values: number[]) => values.map(value => value.toFixed(1)).join(' ')
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.versions.node}, ${os.platform()} ${os.release()}; `
  + `load average ${load(loadAtStart)} at start, ${load(os.loadavg())} at end`
const table = consoleTable(rows)
console.log(`\nnpm run bench, ${startedAt.toISOString()} (${machine})\n`)
console.log(table)
const fullRun = only.size === MEASUREMENTS.length && wanted.size === 3
if (fullRun) {
  await writeFile(path.join(BENCH_DIR, 'results.json'), `${JSON.stringify({ startedAt, machine, rows, raw }, null, 2)}\n`)
  await writeFile(path.join(BENCH_DIR, 'results.md'), `# npm run bench\n\n${startedAt.toISOString()}, ${machine}.\n\n`
    + `ours = this repo's demo server (own process); wetty 3.2.0 from npm on 127.0.0.1; raw node-pty in the bench process (the ceiling).\n\n`
    + `${markdownTable(rows)}\n\n${HOW_MEASURED}\n`)
  console.log('\nwritten: bench/results.json, bench/results.md')
}
else {
  console.log('\n(partial run: bench/results.json and bench/results.md were left as they are)')
}
process.exit(0)
