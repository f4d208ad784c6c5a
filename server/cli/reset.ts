/**
 * `npm run reset [-- --dry-run]`: removes the containers, volumes, networks and images the demos
 * created (recognised by the demo- name prefix, demo-* compose projects, the demo/ image repository
 * and the demo label) and says what it removed. Nothing else on the machine is touched.
 * `npm run reset -- DEMO...` instead runs only those demos' own cleanup (their steps.yaml), the
 * quick way back to a fresh start for a demo an aborted run left half done.
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import { runDemoCleanup } from '../demos/run-steps.ts'
import { DEMOS_ROOT, loadAllStepLists } from '../demos/step-list.ts'
import { executeReset, planReset } from '../docker/reset.ts'

const { values, positionals } = parseArgs({ allowPositionals: true,
  options: { 'dry-run': { type: 'boolean' }, demos: { type: 'string' }, help: { type: 'boolean', short: 'h' } } })
if (values.help) {
  console.log('usage: npm run reset -- [--dry-run] [DEMO... [--demos DIR]]')
  process.exit(0)
}

if (positionals.length > 0) {
  const root = path.resolve(values.demos ?? DEMOS_ROOT)
  const lists = await loadAllStepLists(root)
  const unknown = positionals.filter(name => !lists.some(list => list.name === name))
  if (unknown.length > 0) {
    console.error(`reset: no such demo: ${unknown.join(', ')} (demos: ${lists.map(list => list.name).join(', ')})`)
    process.exit(2)
  }
  let failed = 0
  for (const list of lists.filter(candidate => positionals.includes(candidate.name))) {
    if (values['dry-run']) {
      list.cleanup.forEach(command => console.log(`${list.name}: would run ${command}`))
      continue
    }
    for (const result of await runDemoCleanup(list, path.join(root, list.name))) {
      failed += result.status === 'failed' ? 1 : 0
      console.log(`${list.name}: ${result.status === 'failed' ? 'FAILED' : result.status === 'absent' ? 'nothing to remove' : 'ok'}: ${result.command}`
        + (result.status === 'failed' ? `\n  ${result.output.split('\n').at(-1)}` : ''))
    }
  }
  process.exit(failed > 0 ? 1 : 0)
}

const plan = await planReset().catch((error: Error) => {
  console.error(`reset: ${error.message}`)
  process.exit(1)
})
if (plan.length === 0) {
  console.log('nothing to remove: no demo containers, volumes, networks or images')
  process.exit(0)
}
if (values['dry-run']) {
  plan.forEach(resource => console.log(`would remove ${resource.kind} ${resource.ref} (${resource.why})`))
  process.exit(0)
}
const outcomes = await executeReset(plan)
for (const outcome of outcomes)
  console.log(`${outcome.ok ? 'removed' : 'FAILED to remove'} ${outcome.kind} ${outcome.ref} (${outcome.why})${outcome.ok ? '' : `: ${outcome.detail}`}`)
const failed = outcomes.filter(outcome => !outcome.ok).length
console.log(failed ? `${failed} of ${outcomes.length} could not be removed` : `removed ${outcomes.length} demo resource(s)`)
process.exitCode = failed ? 1 : 0
