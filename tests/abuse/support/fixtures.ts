/** Fixtures for the fault and abuse tests: a throwaway demos root and a server in its own process. */
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { type ServerProcess, type ServerProcessOptions, startServerProcess } from '../../../server/server-process.ts'
import { TerminalClient, type TerminalClientOptions } from '../../../server/terminal-client.ts'
import { eventually as pollUntil } from '../../server/support/processes.ts'

export { descendants } from '../../../bench/stats.ts'

/** A temporary demos root with the folders `lab` and `other`. */
export async function makeDemosRoot(): Promise<{ root: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'abuse-demos-'))
  await mkdir(path.join(root, 'lab'))
  await mkdir(path.join(root, 'other'))
  return { root, remove: () => rm(root, { recursive: true, force: true }) }
}

export interface AbuseServer extends ServerProcess {
  root: string
  connect(options: Partial<TerminalClientOptions> & { session: string }): Promise<TerminalClient>
  /** Stops the server and removes its demos root. */
  dispose(): Promise<void>
}

/** A demo server in a child process over a fresh demos root (or `root` when given). */
export async function startAbuseServer(options: ServerProcessOptions & { root?: string } = {}, env?: NodeJS.ProcessEnv): Promise<AbuseServer> {
  const demos = options.root ? { root: options.root, remove: async () => {} } : await makeDemosRoot()
  const { root: _root, ...serverOptions } = options
  const server = await startServerProcess({ quiet: true, demosRoot: demos.root, ...serverOptions }, env)
  return Object.assign(server, {
    root: demos.root,
    connect: (connectOptions: Partial<TerminalClientOptions> & { session: string }) =>
      TerminalClient.connect({ url: server.url, token: server.token, origin: server.origin, demo: 'lab', ...connectOptions }),
    async dispose() {
      await server.stop()
      await demos.remove()
    },
  })
}

/** `eventually` of the server tests, with a longer default: abuse tests wait on whole process trees. */
export function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 15_000, stepMs = 100): Promise<boolean> {
  return pollUntil(check, timeoutMs, stepMs)
}
