/**
 * `npm run doctor [-- --json]`: checks that every demo can run here (Node, docker CLI, daemon and its
 * endpoint, compose v2, images, builds that need no network, nothing left from an earlier run, free
 * host ports, free disk, curl).
 * Exit 0 on GO, 1 on NO-GO.
 */
import { parseArgs } from 'node:util'
import { formatDoctorReport, runDoctor } from '../docker/doctor.ts'

const { values } = parseArgs({ options: { json: { type: 'boolean' }, demos: { type: 'string' }, help: { type: 'boolean', short: 'h' } } })
if (values.help) {
  console.log('usage: npm run doctor -- [--json] [--demos DIR]')
  process.exit(0)
}
const report = await runDoctor({ demosRoot: values.demos })
process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report))
process.exitCode = report.go ? 0 : 1
