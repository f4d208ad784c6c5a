/**
 * Starts the demo server in a child process (server-child.ts) and talks to it: its address and
 * token, its memory, stopping it gently or killing it. The one launcher of the bench and the tests.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { once } from 'node:events'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { DemoServerOptions } from './demo-server.ts'

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'server-child.ts')

export interface ServerProcess {
  url: string
  port: number
  token: string
  origin: string
  pid: number
  child: ChildProcess
  /** Everything the server logged (stderr), for failure messages. */
  readonly log: string
  /** process.memoryUsage() of the server after a full GC, and its number of live sessions. */
  memory(): Promise<{ memory: NodeJS.MemoryUsage; sessions: number }>
  /** SIGTERM (the server closes every session) and wait for the exit. */
  stop(): Promise<void>
  /** SIGKILL: a crash, nothing is cleaned up by the server. */
  kill(): Promise<void>
}

export type ServerProcessOptions = Omit<DemoServerOptions, 'log'> & { quiet?: boolean }

export async function startServerProcess(options: ServerProcessOptions = {}, env: NodeJS.ProcessEnv = process.env): Promise<ServerProcess> {
  const child = fork(CHILD, [JSON.stringify(options)], {
    // BENCH_CPU_PROF=DIR writes a V8 CPU profile of the server to DIR when it stops, for profiling `npm run bench`.
    execArgv: ['--import', 'tsx', '--expose-gc', ...(env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', env.BENCH_CPU_PROF] : [])],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env,
  })
  let log = ''
  child.stderr!.on('data', (chunk: Buffer) => {
    log += chunk.toString()
    if (log.length > 200_000)
      log = log.slice(-100_000)
  })
  const address = await new Promise<{ url: string; port: number; token: string; origin: string }>((resolve, reject) => {
    let out = ''
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      const newline = out.indexOf('\n')
      if (newline !== -1) {
        child.stdout!.off('data', onData)
        resolve(JSON.parse(out.slice(0, newline)))
      }
    }
    child.stdout!.on('data', onData)
    child.once('exit', code => reject(new Error(`demo server process exited with ${code} before listening:\n${log}`)))
  })
  const exited = once(child, 'exit')
  let nextId = 0
  const stopWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null)
      return
    child.kill(signal)
    await exited
  }
  return {
    ...address,
    pid: child.pid!,
    child,
    get log() {
      return log
    },
    memory() {
      const id = nextId++
      return new Promise((resolve) => {
        const onMessage = (message: { id: number; memory: NodeJS.MemoryUsage; sessions: number }) => {
          if (message.id === id) {
            child.off('message', onMessage)
            resolve(message)
          }
        }
        child.on('message', onMessage)
        child.send({ id, ask: 'memory' })
      })
    },
    stop: () => stopWith('SIGTERM'),
    kill: () => stopWith('SIGKILL'),
  }
}
