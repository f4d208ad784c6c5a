/**
 * Raw node-pty in the bench process itself: the ceiling. No network, no mirror, no protocol; the
 * same bash and bashrc in the same folder, reading the pty as fast as node-pty delivers.
 */
import path from 'node:path'
import { spawn } from 'node-pty'
import { BASHRC_PATH } from '../../server/config.ts'
import { type BenchSubject, type BenchTerminal, Listeners, PROMPT_MARKER, waitForText } from '../terminal.ts'
import { BENCH_DEMO, benchFolder } from './ours.ts'

async function openTerminal(): Promise<BenchTerminal> {
  const pty = spawn('bash', ['--noprofile', '--rcfile', BASHRC_PATH, '-i'], {
    name: 'xterm-256color',
    cols: 80,
    rows: 24,
    cwd: benchFolder(),
    env: { ...process.env, TERM: 'xterm-256color', DEMO_NAME: BENCH_DEMO },
    encoding: null,
  })
  const listeners = new Listeners()
  let received = 0
  let exited = false
  const exit = new Promise<void>(resolve => pty.onExit(() => {
    exited = true
    resolve()
  }))
  const terminal: BenchTerminal = {
    write: text => pty.write(text),
    onData: listener => listeners.add(listener),
    get received() {
      return received
    },
    stopReading: () => pty.pause(),
    async close() {
      if (!exited) {
        pty.kill('SIGKILL')
        await exit
      }
    },
  }
  const prompt = waitForText(terminal, PROMPT_MARKER, 10_000)
  pty.onData((data) => {
    received += data.length
    listeners.emit(data as unknown as Buffer)
  })
  await prompt
  return terminal
}

export function startRaw(): BenchSubject {
  return {
    name: 'raw',
    pid: process.pid,
    open: () => openTerminal(),
    close: async () => {},
  }
}
