/**
 * A second Docker daemon of our own, for tests that stop and start an engine (the shared one must
 * never be stopped). It has its own socket, data root, exec root, pidfile and config, touches no
 * iptables or sysctl, and gets its own bridge device: `--bridge none` would not do, because a dockerd
 * started that way deletes the host's docker0 (moby's removeDefaultBridgeInterface), which breaks
 * every container the shared daemon starts afterwards.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { EngineClient } from '../../../server/engine/engine-client.ts'
import type { Requirement } from '../../support/requirements.ts'

const run = promisify(execFile)

/** A documentation-only range (RFC 5737), so the bridge's address cannot clash with a real network. */
const BRIDGE_ADDRESS = '192.0.2.1/24'

async function onPath(command: string): Promise<boolean> {
  return run('sh', ['-c', `command -v ${command}`]).then(() => true, () => false)
}

/** Root, dockerd and ip(8): what starting a daemon of our own needs. */
export async function secondDockerdAvailability(): Promise<Requirement> {
  if (process.getuid?.() !== 0)
    return { ok: false, reason: 'starting a second dockerd needs root' }
  for (const command of ['dockerd', 'ip']) {
    if (!await onPath(command))
      return { ok: false, reason: `starting a second dockerd needs ${command} on PATH` }
  }
  return { ok: true, reason: '' }
}

export class SecondDockerd {
  readonly socketPath: string
  private child: ChildProcess | undefined
  private readonly bridge = `dkrt${randomBytes(3).toString('hex')}`
  private readonly killOnExit = () => this.child?.kill('SIGKILL')

  private constructor(readonly dir: string) {
    this.socketPath = path.join(dir, 'docker.sock')
  }

  static async create(): Promise<SecondDockerd> {
    const daemon = new SecondDockerd(await mkdtemp(path.join(os.tmpdir(), 'engine-dockerd-')))
    await writeFile(path.join(daemon.dir, 'daemon.json'), '{}\n')
    await run('ip', ['link', 'add', daemon.bridge, 'type', 'bridge'])
    await run('ip', ['addr', 'add', BRIDGE_ADDRESS, 'dev', daemon.bridge])
    return daemon
  }

  get host(): string {
    return `unix://${this.socketPath}`
  }

  /** Starts the daemon and waits until it answers. */
  async start(timeoutMs = 60_000): Promise<void> {
    const log = await open(path.join(this.dir, 'dockerd.log'), 'a')
    this.child = spawn('dockerd', [
      '--config-file', path.join(this.dir, 'daemon.json'),
      '-H', this.host,
      '--data-root', path.join(this.dir, 'data'),
      '--exec-root', path.join(this.dir, 'exec'),
      '--pidfile', path.join(this.dir, 'docker.pid'),
      '--bridge', this.bridge,
      '--iptables=false', '--ip6tables=false', '--ip-forward=false', '--ip-masq=false',
    ], { stdio: ['ignore', log.fd, log.fd], detached: true })
    this.child.on('exit', () => void log.close())
    process.once('exit', this.killOnExit)
    const client = new EngineClient({ kind: 'unix', socketPath: this.socketPath }, { timeoutMs: 2_000 })
    const deadline = Date.now() + timeoutMs
    try {
      for (;;) {
        if (this.child.exitCode !== null)
          throw new Error(`dockerd exited with ${this.child.exitCode}; see ${path.join(this.dir, 'dockerd.log')}`)
        if (await client.getJson('/version').then(() => true, () => false))
          return
        if (Date.now() > deadline)
          throw new Error(`dockerd did not answer within ${timeoutMs} ms; see ${path.join(this.dir, 'dockerd.log')}`)
        await new Promise(resolve => setTimeout(resolve, 200))
      }
    }
    finally {
      client.close()
    }
  }

  /** Stops the daemon the way a presenter's `systemctl stop docker` does (SIGTERM), and waits for it. */
  async stop(timeoutMs = 30_000): Promise<void> {
    const child = this.child
    this.child = undefined
    process.off('exit', this.killOnExit)
    if (!child || child.exitCode !== null)
      return
    const exited = new Promise(resolve => child.once('exit', resolve))
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    await exited
    clearTimeout(timer)
  }

  /** Stops the daemon and removes its bridge and folder. */
  async dispose(): Promise<void> {
    await this.stop()
    await run('ip', ['link', 'del', this.bridge]).catch(() => {})
    await rm(this.dir, { recursive: true, force: true, maxRetries: 3 })
  }
}
