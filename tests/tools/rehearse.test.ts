/**
 * `npm run rehearse`: a table per demo with pass, FAIL or "not run" and seconds per step, a total,
 * and an exit code a script can trust; twice in a row against the real engine it passes both times.
 */
import assert from 'node:assert/strict'
import { execa } from 'execa'
import { describe, test } from 'vitest'
import { dockerAvailability, skipUnless } from '../support/requirements.ts'

const FIXTURES = 'tests/tools/fixtures/rehearse'
const noDocker = skipUnless(await dockerAvailability(), 'REQUIRE_DOCKER')
const rehearse = (args: string[]) =>
  execa('npx', ['tsx', 'server/cli/rehearse.ts', ...args], { reject: false, stdin: 'ignore', timeout: 300_000 })

describe('npm run rehearse', () => {
  test('prints each step with its result and seconds, and exits 0 when every step passes', async () => {
    const result = await rehearse(['--root', FIXTURES, '--demos', 'passes'])
    assert.match(result.stdout, /^passes: Fixture that passes$/m)
    assert.match(result.stdout, /^ {2}greet +pass +\d+\.\d$/m)
    assert.match(result.stdout, /^ {2}count +pass +\d+\.\d$/m)
    assert.match(result.stdout, /^total: 1 demos in \d+\.\d s, every step passed$/m)
    assert.equal(result.exitCode, 0)
  })

  test('names the failing step, shows the terminal, marks the rest not run, and exits 1', async () => {
    const result = await rehearse(['--root', FIXTURES, '--demos', 'fails'])
    assert.match(result.stdout, /^ {2}broken +FAIL +\d+\.\d$/m)
    assert.match(result.stdout, /^ {2}never +not run/m)
    assert.match(result.stdout, /failed at broken: .*the expected line/)
    assert.match(result.stdout, /\| something else/)
    assert.match(result.stdout, /1 demo\(s\) failed/)
    assert.equal(result.exitCode, 1)
  })

  test('flags steps slower than --slow', async () => {
    const result = await rehearse(['--root', FIXTURES, '--demos', 'passes', '--slow', '0'])
    assert.match(result.stdout, /^ {2}greet +pass +\d+\.\d {2}slow$/m)
    assert.match(result.stdout, /^slower than 0 s: passes:greet/m)
  })

  test('refuses a demo name it does not know, listing the known ones', async () => {
    const result = await rehearse(['--root', FIXTURES, '--demos', 'nope'])
    assert.match(result.stderr, /no demo named nope \(known: fails, passes\)/)
    assert.equal(result.exitCode, 2)
  })

  test.skipIf(noDocker)('passes twice in a row against the real engine', async () => {
    for (const round of [1, 2]) {
      const result = await rehearse(['--demos', 'ports,env'])
      assert.equal(result.exitCode, 0, `round ${round}:\n${result.stdout}`)
      assert.match(result.stdout, /^total: 2 demos in .*every step passed$/m)
    }
  })
})
