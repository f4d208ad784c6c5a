/**
 * `npm run rehearse`: the dress rehearsal the night before. Every LIVE demo runs against the local
 * engine as the clicker runs it (each demo's cleanup first, every step typed at the deck's speed and
 * checked against its expected output, the cleanup again), so it passes twice in a row and after an
 * aborted run. Prints a table per demo and the total; exits 1 when any step fails.
 *
 * Flags: --demos a,b (only these), --slow SECONDS (flag steps slower than this, default 20),
 * --pace SECONDS (talk this long between clicks, default 0; time-sensitive demos get at least 2).
 */
import { parseArgs } from 'node:util'
import { startDemoServer } from '../demo-server.ts'
import { rehearseDemo } from '../demos/rehearsal.ts'
import { DEMOS_ROOT, loadAllStepLists } from '../demos/step-list.ts'
import { DEFAULT_TYPE_DELAY_MS } from '../protocol.ts'

const { values } = parseArgs({ options: {
  'demos': { type: 'string' },
  'root': { type: 'string' },
  'slow': { type: 'string' },
  'pace': { type: 'string' },
  'help': { type: 'boolean', short: 'h' },
} })
if (values.help) {
  console.log('usage: npm run rehearse -- [--demos a,b] [--slow SECONDS] [--pace SECONDS]')
  process.exit(0)
}

const root = values.root ?? DEMOS_ROOT
const slowSeconds = Number(values.slow ?? 20)
const paceSeconds = Number(values.pace ?? 0)
/** A time-sensitive demo must hold at a presenter's pace even in a quick rehearsal. */
const TIME_SENSITIVE_PACE_S = 2
const wanted = values.demos?.split(',').map(name => name.trim()).filter(Boolean)
const all = await loadAllStepLists(root)
const unknown = (wanted ?? []).filter(name => !all.some(list => list.name === name))
if (unknown.length > 0) {
  console.error(`rehearse: no demo named ${unknown.join(', ')} (known: ${all.map(list => list.name).join(', ')})`)
  process.exit(2)
}
const lists = wanted ? all.filter(list => wanted.includes(list.name)) : all

const server = await startDemoServer({ port: 0, demosRoot: root, log: () => {} })
const started = Date.now()
let failures = 0
const slow: string[] = []
const seconds = (ms: number) => (ms / 1000).toFixed(1).padStart(6)
try {
  for (const list of lists) {
    const pace = Math.max(paceSeconds, list.timeSensitive ? TIME_SENSITIVE_PACE_S : 0)
    const { result, text } = await rehearseDemo(server, root, list, { typeDelayMs: DEFAULT_TYPE_DELAY_MS, pauseBetweenStepsMs: pace * 1000 })
    const width = Math.max(4, ...list.steps.map(step => step.id.length))
    console.log(`\n${list.name}: ${list.title}`)
    console.log(`  ${'step'.padEnd(width)}  result   seconds`)
    for (const step of list.steps) {
      const ran = result.steps.find(entry => entry.id === step.id)
      const verdict = !ran ? 'not run' : ran.phase === 'done' ? 'pass' : 'FAIL'
      const isSlow = ran !== undefined && ran.durationMs > slowSeconds * 1000
      if (isSlow)
        slow.push(`${list.name}:${step.id} ${seconds(ran.durationMs).trim()} s`)
      console.log(`  ${step.id.padEnd(width)}  ${verdict.padEnd(7)} ${ran ? seconds(ran.durationMs) : '      '}${isSlow ? '  slow' : ''}`)
    }
    if (!result.ok) {
      failures++
      const last = result.steps.at(-1)!
      console.log(`  failed at ${last.id}: ${last.phase}${last.reason ? ` (${last.reason})` : ''}; the terminal ended with:`)
      console.log(text.replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\r/g, '').trimEnd().split('\n').slice(-8).map(line => `    | ${line}`).join('\n'))
    }
    console.log(`  ${result.ok ? 'pass' : 'FAIL'}: ${result.steps.filter(step => step.phase === 'done').length}/${list.steps.length} steps in ${seconds(result.durationMs).trim()} s`)
  }
}
finally {
  await server.close()
}

console.log(`\ntotal: ${lists.length} demos in ${seconds(Date.now() - started).trim()} s, ${failures === 0 ? 'every step passed' : `${failures} demo(s) failed`}`)
if (slow.length > 0)
  console.log(`slower than ${slowSeconds} s: ${slow.join(', ')}`)
process.exitCode = failures === 0 ? 0 : 1
