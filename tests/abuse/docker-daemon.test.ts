/**
 * The Docker daemon stops mid-demo. The shared dockerd must not be stopped (other work uses it), so
 * this is the fault we can cause here: the session's DOCKER_HOST points at a Unix socket that this
 * test forwards to the real daemon; "stopping the daemon" closes and removes that socket, exactly
 * what the CLI sees when dockerd exits (its socket is gone), and "starting it again" listens anew.
 * The terminal must show Docker's own error, the doctor must say NO-GO, and once the socket answers
 * again the next command works in the same shell, with nothing restarted.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server, type Socket, connect as unixConnect } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, test } from 'vitest'
import type { TerminalClient } from '../../server/terminal-client.ts'
import { dockerAvailability, skipUnless } from '../support/requirements.ts'
import { type AbuseServer, startAbuseServer } from './support/fixtures.ts'

const run = promisify(execFile)
const REPO = path.resolve(import.meta.dirname, '../..')

/** The real daemon's socket, from DOCKER_HOST when it is a unix:// address. */
function realDockerSocket(): string {
  const host = process.env.DOCKER_HOST
  return host?.startsWith('unix://') ? host.slice('unix://'.length) : '/var/run/docker.sock'
}

/** A Unix socket that forwards to the real daemon and can be stopped and started like one. */
class DaemonStandIn {
  private server: Server | undefined
  private readonly open = new Set<Socket>()
  constructor(readonly socketPath: string, private readonly target: string) {}

  async start(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = unixConnect(this.target)
      for (const socket of [client, upstream]) {
        this.open.add(socket)
        socket.on('close', () => this.open.delete(socket))
        socket.on('error', () => {
          client.destroy()
          upstream.destroy()
        })
      }
      client.pipe(upstream).pipe(client)
    })
    await new Promise<void>(resolve => this.server!.listen(this.socketPath, resolve))
  }

  async stop(): Promise<void> {
    const server = this.server
    this.server = undefined
    for (const socket of this.open)
      socket.destroy()
    if (server)
      await new Promise(resolve => server.close(resolve))
    await rm(this.socketPath, { force: true })
  }
}

describe.skipIf(skipUnless(await dockerAvailability(), 'REQUIRE_DOCKER'))('the Docker daemon stops mid-demo', () => {
  let dir: string
  let daemon: DaemonStandIn
  let server: AbuseServer
  let client: TerminalClient

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'abuse-docker-'))
    daemon = new DaemonStandIn(path.join(dir, 'docker.sock'), realDockerSocket())
    await daemon.start()
    server = await startAbuseServer({}, { ...process.env, DOCKER_HOST: `unix://${daemon.socketPath}` })
    client = await server.connect({ session: 'docker-down' })
  })

  afterAll(async () => {
    await client?.close()
    await server?.dispose()
    await daemon?.stop()
    await rm(dir, { recursive: true, force: true })
  })

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
