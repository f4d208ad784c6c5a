/**
 * Test fixtures for the demo server: a throwaway demos root with a couple of folders, and servers
 * started in this process or in a child process (whose memory and children a test can measure).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { type DemoServer, type DemoServerOptions, startDemoServer } from '../../../server/demo-server.ts'
import { startServerProcess } from '../../../server/server-process.ts'
import { TerminalClient, type TerminalClientOptions } from '../../../server/terminal-client.ts'

/** A temporary demos root holding the folders `hello` and `other`. */
export async function makeDemosRoot(): Promise<{ root: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'demos-root-'))
  await mkdir(path.join(root, 'hello'))
  await mkdir(path.join(root, 'other'))
  return { root, remove: () => rm(root, { recursive: true, force: true }) }
}

export interface ServerHandle {
  url: string
  token: string
  origin: string
  port: number
  connect(options: Partial<TerminalClientOptions> & { session: string }): Promise<TerminalClient>
  close(): Promise<void>
}

function handle(info: { url: string; token: string; origin: string; port: number }, close: () => Promise<void>): ServerHandle {
  return {
    ...info,
    connect: options => TerminalClient.connect({ url: info.url, token: info.token, origin: info.origin, demo: 'hello', ...options }),
    close,
  }
}

/** A server in this process, on a free port, over a fresh demos root. */
export async function startTestServer(options: DemoServerOptions = {}): Promise<ServerHandle & { server: DemoServer; root: string }> {
  const demos = await makeDemosRoot()
  const server = await startDemoServer({ demosRoot: demos.root, log: () => {}, ...options })
  return { ...handle(server, async () => {
    await server.close()
    await demos.remove()
  }), server, root: demos.root }
}

/** A server in a child process (server/server-process.ts), so its RSS and children are its own. */
export async function startChildServer(options: Omit<DemoServerOptions, 'log'> = {}): Promise<ServerHandle & { pid: number }> {
  const demos = await makeDemosRoot()
  const child = await startServerProcess({ demosRoot: demos.root, quiet: true, ...options })
  return { ...handle(child, async () => {
    await child.stop()
    await demos.remove()
  }), pid: child.pid }
}
