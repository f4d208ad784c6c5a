/**
 * Every demo, for real: each step is typed into a demo terminal through the server (as the deck's Run
 * button does) against the real Docker engine and must show its expected output; afterwards the
 * demo's cleanup must leave no container, volume, network or image that was not there before.
 */
import assert from 'node:assert/strict'
import { afterAll, beforeAll, describe, test } from 'vitest'
import { type DemoServer, startDemoServer } from '../../server/demo-server.ts'
import { rehearseDemo } from '../../server/demos/rehearsal.ts'
import { DEMOS_ROOT, loadAllStepLists, STAGE_PAUSE_MS } from '../../server/demos/step-list.ts'
import { dockerAvailability, skipUnless } from '../support/requirements.ts'
import { type DockerSnapshot, leftovers, snapshotDocker } from './docker-snapshot.ts'

const skip = skipUnless(await dockerAvailability(), 'REQUIRE_DOCKER')
const lists = await loadAllStepLists()
// `npm test -- demos` runs them all; DEMOS=compose,logs picks some while working on them.
const chosen = process.env.DEMOS ? lists.filter(list => process.env.DEMOS!.split(',').includes(list.name)) : lists

describe.skipIf(skip)('demos against the real Docker engine', () => {
  let server: DemoServer
  const timings: string[] = []
  beforeAll(async () => {
    server = await startDemoServer({ port: 0, demosRoot: DEMOS_ROOT, log: () => {} })
  })
  afterAll(async () => {
    await server?.close()
    if (timings.length)
      console.log(`demo timings:\n${timings.join('\n')}`)
  })

  for (const list of chosen) {
    // A time-sensitive demo is clicked as slowly as a presenter who talks: it must hold at any pace.
    const pauseBetweenStepsMs = list.timeSensitive ? STAGE_PAUSE_MS : 0
    const budget = list.steps.reduce((sum, step) => sum + step.timeout * 1000 + pauseBetweenStepsMs, 0) + 120_000
    test(`${list.name}: every step shows its expected output and the cleanup leaves nothing behind`, async () => {
      // rehearseDemo cleans up first: a run interrupted earlier must not fail this one.
      let snapshot: DockerSnapshot | undefined
      const { result, text, cleanup } = await rehearseDemo(server, DEMOS_ROOT, list, { pauseBetweenStepsMs,
        beforeSteps: async () => void (snapshot = await snapshotDocker()) })
      timings.push(`  ${list.name.padEnd(20)} ${(result.durationMs / 1000).toFixed(1).padStart(6)} s  ${result.steps.length}/${list.steps.length} steps`)
      const last = result.steps.at(-1)!
      assert.ok(result.ok, `step "${last.id}" ended ${last.phase}${last.reason ? ` (${last.reason})` : ''}; `
        + `terminal ended with:\n${text.slice(-2500)}`)
      const failedCleanup = cleanup.filter(entry => entry.status === 'failed')
      assert.deepEqual(failedCleanup.map(entry => `${entry.command}: ${entry.output}`), [], 'every cleanup command succeeds')
      assert.deepEqual(leftovers(snapshot!, await snapshotDocker()), [], 'nothing the demo created is left')
    }, budget)
  }
})
