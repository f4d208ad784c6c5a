import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { execa } from 'execa'
import { describe, test } from 'vitest'
import { startDemoServer } from '../../server/demo-server.ts'
import { runDoctor } from '../../server/docker/doctor.ts'
import { dockerAvailability, skipUnless } from '../support/requirements.ts'

const skip = skipUnless(await dockerAvailability(), 'REQUIRE_DOCKER')
const doctor = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  execa('npx', ['tsx', 'server/cli/doctor.ts', ...args], { reject: false, env: { ...process.env, ...env }, stdin: 'ignore' })

describe('npm run doctor', () => {
  test.skipIf(skip)('says GO with exit code 0 against the running daemon when every image is present', async () => {
    const result = await doctor([])
    assert.match(result.stdout, /\[ok {2}\] Docker daemon +Docker Engine \S+ via /)
    assert.match(result.stdout, /\[ok {2}\] Images the demos need +all \d+ present: .*python:3\.11-slim/)
    assert.match(result.stdout, /^GO: every demo can run on this machine\.$/m)
    assert.equal(result.exitCode, 0)
  })

  test.skipIf(skip)('reports every check as JSON with --json', async () => {
    const result = await doctor(['--json'])
    const report = JSON.parse(result.stdout)
    assert.equal(report.go, true)
    assert.deepEqual(report.checks.map((check: { id: string }) => check.id),
      ['node', 'docker-cli', 'daemon', 'compose', 'images', 'offline', 'leftovers', 'ports', 'disk', 'curl'])
  })

  test('says NO-GO naming the daemon and exits 1 when DOCKER_HOST points at a dead socket', async () => {
    const dead = `unix:///tmp/nonexistent-${process.pid}.sock`
    const result = await doctor([], { DOCKER_HOST: dead })
    assert.match(result.stdout, new RegExp(`\\[FAIL\\] Docker daemon +no Docker daemon answers via DOCKER_HOST=${dead.replaceAll('/', '\\/')}`))
    assert.match(result.stdout, /\[skip\] Images the demos need/)
    assert.match(result.stdout, /^NO-GO: Docker daemon/m)
    assert.equal(result.exitCode, 1)
  })

  test.skipIf(skip)('says NO-GO naming a container an aborted rehearsal left, and how to remove it', async () => {
    const name = `demo-doctor-leftover-${process.pid}`
    await execa('docker', ['create', '--name', name, 'debian:bookworm-slim', 'true'])
    try {
      const result = await doctor([])
      assert.match(result.stdout, new RegExp(`\\[FAIL\\] Left from an earlier run +.*container ${name}.*\\(npm run reset removes them\\)`))
      assert.match(result.stdout, /^NO-GO: .*Left from an earlier run/m)
      assert.equal(result.exitCode, 1)
    }
    finally {
      await execa('docker', ['rm', '-f', name], { reject: false })
    }
  })

  test.skipIf(skip)('names the demo a leftover volume belongs to and the command that starts that demo afresh', async () => {
    const volume = `demo-doctor-owned-${process.pid}`
    const root = await mkdtemp(path.join(tmpdir(), 'doctor-owner-'))
    await mkdir(path.join(root, 'counter'))
    await writeFile(path.join(root, 'counter', 'steps.yaml'), 'title: Counts from zero\nsteps:\n'
      + `  - id: run\n    command: docker run --rm -v ${volume}:/data debian:bookworm-slim true\n    expect: x\n    timeout: 5\n`
      + `cleanup:\n  - docker volume rm -f ${volume}\n`)
    await execa('docker', ['volume', 'create', volume])
    try {
      const report = await runDoctor({ demosRoot: root })
      const left = report.checks.find(check => check.id === 'leftovers')!
      assert.equal(left.status, 'fail')
      assert.ok(left.items?.includes(`volume ${volume} (counter)`), String(left.items))
      assert.match(left.detail, /npm run reset -- (\S+ )*counter\b/)
    }
    finally {
      await execa('docker', ['volume', 'rm', '-f', volume], { reject: false })
      await rm(root, { recursive: true, force: true })
    }
  })

  test.skipIf(skip)('names missing images when the demos need one that is not there', async () => {
    const report = await runDoctor({ demosRoot: 'tests/tools/fixtures/demos' })
    const images = report.checks.find(check => check.id === 'images')!
    assert.equal(images.status, 'fail')
    assert.deepEqual(images.items, ['demo-doctor-fixture/never-pulled:0.1'])
    assert.equal(report.go, false)
    assert.ok(report.problems.includes('Images the demos need'))
  })

  test('is served by the demo server at GET /doctor with the server token', async () => {
    const server = await startDemoServer({ port: 0, log: () => {} })
    try {
      const base = `http://127.0.0.1:${server.port}/doctor`
      assert.equal((await fetch(`${base}?token=wrong`)).status, 401)
      const response = await fetch(`${base}?token=${server.token}`)
      assert.equal(response.status, 200)
      const report = await response.json()
      assert.equal(typeof report.go, 'boolean')
      assert.ok(report.checks.some((check: { id: string }) => check.id === 'daemon'))
    }
    finally {
      await server.close()
    }
  })
})
