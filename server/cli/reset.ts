/**
 * `npm run reset [-- --dry-run]`: removes the containers, volumes, networks and images the demos
 * created (recognised by the demo- name prefix, demo-* compose projects, the demo/ image repository
 * and the demo label) and says what it removed. Nothing else on the machine is touched.
 */
import { parseArgs } from 'node:util'
import { executeReset, planReset } from '../docker/reset.ts'

const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } })
if (values.help) {
  console.log('usage: npm run reset -- [--dry-run]')
  process.exit(0)
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
