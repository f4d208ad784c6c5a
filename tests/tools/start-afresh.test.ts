/**
 * `npm run reset -- DEMO`: what the doctor suggests when an aborted run left one demo half done. It
 * runs that demo's own cleanup and nothing else (here against a fixture demo, so the real demos'
 * resources, which other tests may be using, stay untouched; its volumes are not named demo-*, so
 * no other test counts them as a demo's leftovers).
 */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { execa } from 'execa'
import { afterAll, describe, test } from 'vitest'
import { dockerAvailability, skipUnless } from '../support/requirements.ts'

const skip = skipUnless(await dockerAvailability(), 'REQUIRE_DOCKER')
const root = await mkdtemp(path.join(tmpdir(), 'start-afresh-'))
const volume = `afresh-counter-${process.pid}`
const other = `afresh-other-${process.pid}`
await mkdir(path.join(root, 'counter'), { recursive: true })
await writeFile(path.join(root, 'counter', 'steps.yaml'), 'title: Counts from zero\nsteps:\n'
  + `  - id: count\n    command: docker run --rm -v ${volume}:/data debian:bookworm-slim true\n    expect: x\n    timeout: 5\n`
  + `cleanup:\n  - docker volume rm -f ${volume}\n`)
const resetDemos = (args: string[]) => execa('npx', ['tsx', 'server/cli/reset.ts', '--demos', root, ...args], { reject: false, stdin: 'ignore' })
const volumeExists = async (name: string) => (await execa('docker', ['volume', 'inspect', name], { reject: false })).exitCode === 0

afterAll(async () => {
  await execa('docker', ['volume', 'rm', '-f', volume, other], { reject: false })
  await rm(root, { recursive: true, force: true })
})

describe('npm run reset -- DEMO', () => {
  test('refuses a demo that does not exist, naming the ones that do', async () => {
    const result = await resetDemos(['no-such-demo'])
    assert.equal(result.exitCode, 2)
    assert.match(result.stderr, /no such demo: no-such-demo \(demos: counter\)/)
  })

  test.skipIf(skip)('runs only that demo\'s cleanup: its volume goes, another volume stays', async () => {
    await execa('docker', ['volume', 'create', volume])
    await execa('docker', ['volume', 'create', other])
    const result = await resetDemos(['counter'])
    assert.equal(result.exitCode, 0, result.stderr)
    assert.match(result.stdout, new RegExp(`^counter: ok: docker volume rm -f ${volume}$`, 'm'))
    assert.equal(await volumeExists(volume), false)
    assert.equal(await volumeExists(other), true)
  })
})
