/**
 * `npm run record [-- DEMO...]`: records every demo (or the ones named) against the real Docker
 * engine into public/casts/<demo>.cast, the recordings the deck plays where it cannot run live.
 * A cast is written (atomically) only when every step of its demo showed its expected output; a
 * failed demo keeps its previous cast. Beside each cast goes <demo>.engine.jsonl, the engine picture's
 * timeline (server/recording/engine-timeline.ts), which the deck replays in step with the terminal.
 * Exits 1 if any demo failed, 2 for a usage error.
 *
 * Flags: --out DIR (default public/casts), --cols N --rows N (terminal size, default 67x19:
 * what a LIVE slide's terminal fits to at 1280x720, with either renderer, so a recording plays back
 * at the live terminal's size; tests/deck/legibility.test.ts checks the two agree),
 * --type-delay MS (between typed characters, default DEFAULT_TYPE_DELAY_MS, as on the slides), --demos DIR (the demos
 * folder, default demos/; tests point it elsewhere).
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { startDemoServer } from '../demo-server.ts'
import { DEMOS_ROOT, type DemoStepList, loadAllStepLists } from '../demos/step-list.ts'
import { writeFileAtomic } from '../recording/cast-file.ts'
import { gatherHeaderFacts } from '../recording/cast-header.ts'
import { runDemoCleanup } from '../demos/run-steps.ts'
import { DEFAULT_TYPE_DELAY_MS } from '../protocol.ts'
import { recordDemo } from '../recording/record-demo.ts'

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string', default: path.join(REPO, 'public/casts') },
    demos: { type: 'string', default: DEMOS_ROOT },
    cols: { type: 'string', default: '67' },
    rows: { type: 'string', default: '19' },
    'type-delay': { type: 'string', default: String(DEFAULT_TYPE_DELAY_MS) },
    help: { type: 'boolean', short: 'h' },
  },
})
if (values.help) {
  console.log(`usage: npm run record -- [--out DIR] [--cols 67] [--rows 19] [--type-delay ${DEFAULT_TYPE_DELAY_MS}] [--demos DIR] [DEMO...]`)
  process.exit(0)
}
const cols = Number(values.cols)
const typeDelayMs = Number(values['type-delay'])
const rows = Number(values.rows)
if (!Number.isInteger(cols) || cols < 20 || !Number.isInteger(rows) || rows < 5 || !Number.isInteger(typeDelayMs) || typeDelayMs < 0) {
  console.error('record: --cols must be an integer >= 20, --rows >= 5, --type-delay >= 0')
  process.exit(2)
}

const demosRoot = path.resolve(values.demos)
const all = await loadAllStepLists(demosRoot)
const unknown = positionals.filter(name => !all.some(list => list.name === name))
if (unknown.length > 0) {
  console.error(`record: no demos/<name>/steps.yaml for: ${unknown.join(', ')} (have: ${all.map(l => l.name).join(', ')})`)
  process.exit(2)
}
const chosen: DemoStepList[] = positionals.length > 0 ? all.filter(list => positionals.includes(list.name)) : all

const facts = await gatherHeaderFacts()
console.log(`recording ${chosen.length} demo(s) at ${cols}x${rows} against Docker ${facts.dockerServer} into ${path.relative(process.cwd(), values.out) || '.'}`)
const started = Date.now()
const server = await startDemoServer({ demosRoot, log: () => {} })
const recorded: string[] = []
const failed: string[] = []
let stopping = false
process.on('SIGINT', () => {
  stopping = true
  console.error('\nrecord: interrupted; finishing the current demo, writing nothing for the rest')
})

try {
  for (const list of chosen) {
    if (stopping)
      break
    // Leftovers of an earlier, interrupted run would make the first steps fail.
    await runDemoCleanup(list, path.join(demosRoot, list.name))
    const result = await recordDemo(server, list, { cols, rows, facts, typeDelayMs })
    for (const cleanup of await runDemoCleanup(list, path.join(demosRoot, list.name))) {
      if (cleanup.status === 'failed')
        console.log(`  warning ${list.name}: cleanup \`${cleanup.command}\` exited ${cleanup.exitCode}: ${cleanup.output.split('\n')[0]}`)
    }
    if (result.ok) {
      const file = path.join(values.out, `${list.name}.cast`)
      await writeFileAtomic(file, result.cast)
      await writeFileAtomic(path.join(values.out, `${list.name}.engine.jsonl`), result.engineTimeline)
      recorded.push(list.name)
      console.log(`  ok      ${list.name}: ${result.steps} steps in ${result.seconds.toFixed(1)} s, ${(Buffer.byteLength(result.cast) / 1024).toFixed(1)} KiB -> ${path.relative(process.cwd(), file)}`)
    }
    else {
      failed.push(list.name)
      console.log(`  FAILED  ${list.name}: step "${result.step}": ${result.reason} (no cast written)`)
    }
  }
}
finally {
  await server.close()
}

const seconds = ((Date.now() - started) / 1000).toFixed(1)
console.log(`recorded ${recorded.length}: ${recorded.join(', ') || '-'}`)
console.log(`failed ${failed.length}: ${failed.join(', ') || '-'}`)
console.log(`took ${seconds} s`)
process.exit(failed.length > 0 || stopping ? 1 : 0)
