/**
 * wetty 3.2.0, the peer: installed on first use into bench/.peer/ (git-ignored, never committed),
 * started on 127.0.0.1 with a local shell (as root and with the default ssh host "localhost" it
 * spawns the command itself, no login or ssh), driven with socket.io-client from the same prefix.
 * It runs the same bash with our bashrc in the same demo folder, so every subject types into the
 * same shell. wetty gives every connection its own pty, so it has no shared-session fan-out.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { execa } from 'execa'
import { BASHRC_PATH } from '../../server/config.ts'
import { sleep } from '../stats.ts'
import { type BenchSubject, type BenchTerminal, Listeners, PROMPT_MARKER, waitForText } from '../terminal.ts'
import { BENCH_DEMO, benchFolder } from './ours.ts'

export const WETTY_VERSION = '3.2.0'
const SOCKET_IO_CLIENT_VERSION = '4.8.3'
const PEER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../.peer')
const WETTY_PACKAGE = path.join(PEER_DIR, 'node_modules/wetty/package.json')

/** Installs wetty and socket.io-client into bench/.peer/ unless the right version is there. */
export async function ensureWettyInstalled(log: (line: string) => void): Promise<void> {
  const installed = existsSync(WETTY_PACKAGE) && JSON.parse(readFileSync(WETTY_PACKAGE, 'utf8')).version === WETTY_VERSION
    && existsSync(path.join(PEER_DIR, 'node_modules/socket.io-client/package.json'))
  if (installed)
    return
  log(`installing wetty ${WETTY_VERSION} into bench/.peer/ (first run only)...`)
  await execa('npm', ['install', '--prefix', PEER_DIR, '--no-audit', '--no-fund', '--save-exact',
    `wetty@${WETTY_VERSION}`, `socket.io-client@${SOCKET_IO_CLIENT_VERSION}`], { stdio: 'inherit' })
  const native = path.join(PEER_DIR, 'node_modules/node-pty/build/Release/pty.node')
  if (!existsSync(native))
    throw new Error(`wetty's node-pty was not built (${native} is missing); npm may have skipped its install script`)
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise(resolve => server.close(resolve))
  return port
}

type IoSocket = {
  on(event: string, listener: (...args: any[]) => void): IoSocket
  emit(event: string, ...args: unknown[]): void
  disconnect(): void
  io: { engine: { transport: { ws?: { _socket?: { pause(): void } } } } }
}

function openTerminal(port: number): Promise<BenchTerminal> {
  const require = createRequire(path.join(PEER_DIR, 'package.json'))
  const { io } = require('socket.io-client') as { io: (url: string, options: object) => IoSocket }
  const socket = io(`http://127.0.0.1:${port}`, { path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true })
  const listeners = new Listeners()
  let received = 0
  let reading = true
  const terminal: BenchTerminal = {
    write: text => socket.emit('input', text),
    onData: listener => listeners.add(listener),
    get received() {
      return received
    },
    stopReading() {
      reading = false
      socket.io.engine.transport.ws?._socket?.pause()
    },
    async close() {
      socket.disconnect()
    },
  }
  return new Promise((resolve, reject) => {
    const prompt = waitForText(terminal, PROMPT_MARKER, 10_000)
    socket.on('connect_error', (error: Error) => reject(new Error(`wetty refused the connection: ${error.message}`)))
    socket.on('data', (data: string) => {
      received += data.length
      listeners.emit(data)
      // wetty's own client commits what it rendered; without commits wetty pauses the pty at 2 MB.
      if (reading)
        socket.emit('commit', data.length)
    })
    socket.on('login', () => {
      socket.emit('resize', { cols: 80, rows: 24 })
      prompt.then(() => resolve(terminal), reject)
    })
  })
}

export async function startWetty(log: (line: string) => void): Promise<BenchSubject> {
  await ensureWettyInstalled(log)
  const port = await freePort()
  const child: ChildProcess = spawn(process.execPath, [path.join(PEER_DIR, 'node_modules/wetty/build/main.js'),
    '--host', '127.0.0.1', '--port', String(port), '--log-level', 'error',
    '--command', `bash --noprofile --rcfile ${BASHRC_PATH} -i`], {
    cwd: benchFolder(),
    env: { ...process.env, DEMO_NAME: BENCH_DEMO },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise(resolve => child.once('exit', resolve))
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/socket.io/?EIO=4&transport=polling`)
      if (response.ok)
        break
    }
    catch { /* not listening yet */ }
    if (attempt > 100 || child.exitCode !== null)
      throw new Error(`wetty did not start on port ${port}: ${stderr.trim().slice(-500)}`)
    await sleep(100)
  }
  return {
    name: 'wetty',
    pid: child.pid!,
    open: () => openTerminal(port),
    async close() {
      child.kill('SIGTERM')
      await Promise.race([exited, sleep(3000)])
      child.kill('SIGKILL')
    },
  }
}
