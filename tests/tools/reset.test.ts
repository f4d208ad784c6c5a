import assert from 'node:assert/strict'
import { execa } from 'execa'
import { afterAll, describe, test } from 'vitest'
import { executeReset, planReset } from '../../server/docker/reset.ts'
import { dockerAvailability, skipUnless } from '../support/requirements.ts'

const skip = skipUnless(await dockerAvailability(), 'REQUIRE_DOCKER')
const exists = async (kind: string, name: string) => (await execa('docker', [kind, 'inspect', name], { reject: false })).exitCode === 0

describe.skipIf(skip)('npm run reset', () => {
  const demoContainer = `demo-reset-test-${process.pid}`
  const demoVolume = `demo-reset-test-${process.pid}`
  const foreign = `foreign-${process.pid}`
  afterAll(async () => {
    await execa('docker', ['rm', '-f', demoContainer, foreign], { reject: false })
    await execa('docker', ['volume', 'rm', '-f', demoVolume], { reject: false })
  })

  test('removes a demo container and volume and leaves a foreign container untouched', async () => {
    await execa('docker', ['volume', 'create', demoVolume])
    await execa('docker', ['run', '-d', '--name', demoContainer, '--label', 'org.docker-overview-live.demo=reset-test',
      '-v', `${demoVolume}:/data`, 'debian:bookworm-slim', 'sleep', '300'])
    await execa('docker', ['run', '-d', '--name', foreign, 'debian:bookworm-slim', 'sleep', '300'])

    const plan = await planReset()
    assert.ok(plan.some(item => item.kind === 'container' && item.ref === demoContainer))
    assert.ok(plan.some(item => item.kind === 'volume' && item.ref === demoVolume))
    assert.ok(!plan.some(item => item.ref === foreign), 'the foreign container is not planned')
    assert.ok(!plan.some(item => item.kind === 'image' && /^(debian|python|postgres|redis):/.test(item.ref)), 'no base image is planned')

    // Carry out only this test's part of the plan: another demo may be running on this machine.
    const outcomes = await executeReset(plan.filter(item => item.ref.endsWith(`-${process.pid}`)))
    assert.deepEqual(outcomes.map(outcome => [outcome.kind, outcome.ref, outcome.ok]),
      [['container', demoContainer, true], ['volume', demoVolume, true]])
    assert.equal(await exists('container', demoContainer), false)
    assert.equal(await exists('volume', demoVolume), false)
    assert.equal(await exists('container', foreign), true)
  })

  test('prints what it would remove with --dry-run and removes nothing', async () => {
    await execa('docker', ['run', '-d', '--name', demoContainer, 'debian:bookworm-slim', 'sleep', '300'])
    const result = await execa('npx', ['tsx', 'server/cli/reset.ts', '--dry-run'], { stdin: 'ignore' })
    assert.match(result.stdout, new RegExp(`would remove container ${demoContainer} \\(name starts with demo-\\)`))
    assert.equal(await exists('container', demoContainer), true)
  })
})
