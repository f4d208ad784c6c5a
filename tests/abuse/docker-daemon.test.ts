/**
 * The Docker daemon stops mid-demo, for real: a second dockerd of our own (its own socket, data root,
 * exec root and bridge; the shared daemon must never be stopped) serves the session's DOCKER_HOST.
 * It is stopped with SIGTERM, as `systemctl stop docker` does, and started again. While it is down the
 * terminal shows Docker's own error and the doctor says NO-GO; once it is back the next command works
 * in the same shell, with nothing restarted.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, test } from 'vitest'
import type { TerminalClient } from '../../server/terminal-client.ts'
import { SecondDockerd, secondDockerdAvailability } from '../engine/support/second-dockerd.ts'
import { skipUnless } from '../support/requirements.ts'
import { type AbuseServer, startAbuseServer } from './support/fixtures.ts'

const run = promisify(execFile)
const REPO = path.resolve(import.meta.dirname, '../..')

describe.skipIf(skipUnless(await secondDockerdAvailability(), 'REQUIRE_DOCKER'))('the Docker daemon stops mid-demo', () => {
  let daemon: SecondDockerd
  let server: AbuseServer
  let client: TerminalClient

  beforeAll(async () => {
    daemon = await SecondDockerd.create()
    await daemon.start()
    server = await startAbuseServer({}, { ...process.env, DOCKER_HOST: daemon.host })
    client = await server.connect({ session: 'docker-down' })
  }, 120_000)

  afterAll(async () => {
    await client?.close()
    await server?.dispose()
    await daemon?.dispose()
  }, 120_000)

  async function typeAndWait(command: string, pattern: RegExp): Promise<string> {
    const mark = client.mark()
    client.type(`${command}\r`)
    return client.waitFor(pattern, { since: mark, timeoutMs: 30_000 })
  }

  test('while it answers, docker commands work in the terminal', async () => {
    await typeAndWait('docker version --format "server=[{{.Server.Version}}]"; echo "shell=$$"', /server=\[\d[^\]]*\][\s\S]*shell=\d+/)
  })

  test('when it stops, the terminal shows Docker\'s own error', async () => {
    await daemon.stop()
    const shown = await typeAndWait('docker ps', /Cannot connect to the Docker daemon[^\r\n]*/)
    assert.match(shown, new RegExp(`Cannot connect to the Docker daemon at unix://${daemon.socketPath.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`))
  })

  test('when it stops, the doctor says NO-GO', async () => {
    const result = await run(process.execPath, ['--import', 'tsx', 'server/cli/doctor.ts', '--json'], {
      cwd: REPO, env: { ...process.env, DOCKER_HOST: `unix://${daemon.socketPath}` }, timeout: 60_000,
    }).then(({ stdout }) => ({ stdout, code: 0 }), (error: { stdout: string; code: number }) => ({ stdout: error.stdout, code: error.code }))
    assert.equal(result.code, 1, 'the doctor exits 1 (NO-GO)')
    const report = JSON.parse(result.stdout) as { go: boolean }
    assert.equal(report.go, false)
    assert.match(result.stdout, /daemon/i, 'the report names the daemon')
  })

  test('when it is back, the next command works in the same shell without restarting anything', async () => {
    const shellBefore = /shell=(\d+)/.exec(client.text)![1]
    await daemon.start()
    const output = await typeAndWait('docker ps --format "running={{.ID}}" >/dev/null && echo "docker-ok shell=$$"', /docker-ok shell=\d+|Cannot connect[^\r\n]*/)
    assert.match(output, /docker-ok/, 'the command after the outage works')
    assert.equal(/shell=(\d+)/.exec(output)![1], shellBefore, 'the same shell, not a restarted one')
  })
})
