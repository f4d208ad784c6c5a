/**
 * Our demo server as a bench subject: the server runs in its own process (bench/server-child.ts);
 * each terminal is a bare WebSocket speaking server/protocol.ts that acknowledges output as soon as
 * it arrives (what the deck does after rendering), without TerminalClient's full-text buffer, which
 * would make a 100 MB stream quadratic.
 */
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import WebSocket from 'ws'
import { encodeClient, type RunStateInfo, ServerMessageType } from '../../server/protocol.ts'
import { startServerProcess, type ServerProcess } from '../../server/server-process.ts'
import { type BenchSubject, type BenchTerminal, Listeners, PROMPT_MARKER, waitForText } from '../terminal.ts'

/** The bench's own demos root (git-ignored), so it needs nothing from demos/ and leaves nothing there. */
export const BENCH_DEMOS_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../.tmp/demos')
export const BENCH_DEMO = 'bench'
const BENCH_FOLDER = path.join(BENCH_DEMOS_ROOT, BENCH_DEMO)

/** The folder every subject's shell starts in (made on first use). */
export function benchFolder(): string {
  mkdirSync(BENCH_FOLDER, { recursive: true })
  return BENCH_FOLDER
}

async function openTerminal(server: ServerProcess, session: string, viewer: boolean): Promise<BenchTerminal> {
  const socket = new WebSocket(`${server.url}?token=${server.token}`, { headers: { Origin: server.origin } })
  const listeners = new Listeners()
  let received = 0
  let reading = true
  const runWaiters = new Map<string, () => void>()
  let runCount = 0
  const terminal: BenchTerminal = {
    write: text => socket.send(encodeClient.input(text)),
    runCommand: command => new Promise((resolve) => {
      const runId = `bench-${process.pid}-${runCount++}`
      runWaiters.set(runId, resolve)
      socket.send(encodeClient.run({ runId, command, typeDelayMs: 0, timeoutMs: 60_000 }))
    }),
    onData: listener => listeners.add(listener),
    get received() {
      return received
    },
    stopReading() {
      reading = false
      // Pausing the TCP socket lets the kernel buffers fill, exactly like a tab that stopped reading.
      ;(socket as unknown as { _socket: { pause(): void } })._socket.pause()
    },
    close: () => new Promise((resolve) => {
      if (socket.readyState === WebSocket.CLOSED)
        return resolve()
      socket.once('close', () => resolve())
      socket.terminate()
    }),
  }
  const attached = new Promise<void>((resolve, reject) => {
    socket.once('error', reject)
    socket.once('close', (code, reason) => reject(new Error(`closed before attaching: ${code} ${reason}`)))
    socket.on('message', (data: Buffer) => {
      const type = data[0]
      if (type === ServerMessageType.Output) {
        const payload = data.subarray(1)
        received += payload.length
        listeners.emit(payload)
        if (reading)
          socket.send(encodeClient.ack(payload.length))
      }
      else if (type === ServerMessageType.RunState) {
        const state = JSON.parse(data.subarray(1).toString()) as RunStateInfo
        if (state.phase !== 'typing' && state.phase !== 'running') {
          runWaiters.get(state.runId)?.()
          runWaiters.delete(state.runId)
        }
      }
      else if (type === ServerMessageType.Snapshot) {
        resolve()
      }
      else if (type === ServerMessageType.Error) {
        reject(new Error(`server error: ${data.subarray(1).toString()}`))
      }
    })
  })
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  const prompt = viewer ? Promise.resolve(0) : waitForText(terminal, PROMPT_MARKER, 10_000)
  socket.send(encodeClient.attach({ session, demo: BENCH_DEMO, cols: 80, rows: 24, readOnly: viewer }))
  await attached
  // A new session is ready at its first prompt; an existing one already is (its snapshot carries no marker).
  await Promise.race([prompt, new Promise(resolve => setTimeout(resolve, 1500))])
  return terminal
}

export async function startOurs(options: { maxClients?: number } = {}): Promise<BenchSubject & { server: ServerProcess }> {
  benchFolder()
  const server = await startServerProcess({
    quiet: true,
    demosRoot: BENCH_DEMOS_ROOT,
    maxSessions: 64,
    maxClientsPerSession: (options.maxClients ?? 250) + 5,
    maxConnections: (options.maxClients ?? 250) + 40,
    idleTimeoutMs: 1000,
    killGraceMs: 500,
    // For experiments only: BENCH_SERVER_OPTIONS='{"highWaterBytes":1000000,...}' overrides the defaults.
    ...JSON.parse(process.env.BENCH_SERVER_OPTIONS ?? '{}'),
  })
  return {
    name: 'ours',
    pid: server.pid,
    server,
    open: ({ session, viewer }) => openTerminal(server, session, viewer === true),
    close: () => server.stop(),
  }
}

