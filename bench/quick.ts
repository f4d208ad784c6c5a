/**
 * Quick throughput check (not a test): `cat` of a large file through the demo server to a Node
 * client, against raw node-pty in this process, plus the headless mirror's parse rate on the same
 * bytes. Run: npx tsx bench/quick.ts [MB]  (default 200). `npm run bench` is the real bench.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn } from 'node-pty'
import WebSocket from 'ws'
import { decodeServerMessage, encodeClient, ServerMessageType } from '../server/protocol.ts'
import { ScreenMirror } from '../server/screen-mirror.ts'
import { startServerProcess } from '../server/server-process.ts'

const megabytes = Number(process.argv[2] ?? 200)
const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-quick-'))
const file = path.join(dir, 'big.txt')
// Base64 lines of 76 characters: printable text like a log, not one endless line.
execFileSync('bash', ['-c', `head -c ${Math.round(megabytes * 0.75 * 1e6)} /dev/urandom | base64 > ${file}`])
const size = Number(execFileSync('stat', ['-c', '%s', file]).toString())
const rate = (bytes: number, ms: number) => `${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s`

async function rawPty(): Promise<number> {
  const started = performance.now()
  let bytes = 0
  const pty = spawn('cat', [file], { encoding: null, cols: 120, rows: 40 })
  pty.onData(data => (bytes += data.length))
  await new Promise<void>(resolve => pty.onExit(() => resolve()))
  const ms = performance.now() - started
  console.log(`raw node-pty:      ${(bytes / 1e6).toFixed(0)} MB in ${ms.toFixed(0)} ms = ${rate(bytes, ms)}`)
  return bytes
}

async function throughServer(): Promise<void> {
  const demosRoot = path.join(dir, 'demos')
  mkdirSync(path.join(demosRoot, 'hello'), { recursive: true })
  const server = await startServerProcess({ demosRoot, idleTimeoutMs: 1000, quiet: true })
  const socket = new WebSocket(`${server.url}?token=${server.token}`, { headers: { Origin: server.origin } })
  await new Promise(resolve => socket.once('open', resolve))
  socket.send(encodeClient.attach({ session: 'bench', demo: 'hello', cols: 120, rows: 40 }))
  let bytes = 0
  let started = 0
  let tail = ''
  const done = new Promise<void>((resolve) => {
    socket.on('message', (data: Buffer) => {
      const message = decodeServerMessage(new Uint8Array(data))
      if (message.type !== ServerMessageType.Output)
        return
      socket.send(encodeClient.ack(message.data.length))
      if (started) {
        bytes += message.data.length
        tail = (tail + Buffer.from(message.data).toString('latin1')).slice(-64)
        if (tail.includes('BENCH-END'))
          resolve()
      }
    })
  })
  await new Promise(resolve => setTimeout(resolve, 500))
  started = performance.now()
  socket.send(encodeClient.input(`cat ${file}; echo BENCH-""END\r`))
  await done
  const ms = performance.now() - started
  console.log(`through the server: ${(bytes / 1e6).toFixed(0)} MB in ${ms.toFixed(0)} ms = ${rate(bytes, ms)} (Node client acking every frame)`)
  socket.close()
  await server.stop()
}

async function mirrorOnly(): Promise<void> {
  // The mirror worker is unref'd; keep this process alive while it parses.
  const keepAlive = setInterval(() => {}, 1000)
  const data = readFileSync(file).subarray(0, 50e6)
  const crlf = Buffer.from(data.toString('latin1').replaceAll('\n', '\r\n'), 'latin1')
  const started = performance.now()
  // Feed it the way the session does: never more than ~1 MB ahead of the parser.
  let wake = () => {}
  const mirror = new ScreenMirror({ cols: 120, rows: 40 }, 1000, () => wake())
  for (let offset = 0; offset < crlf.length; offset += 65536) {
    mirror.write(crlf.subarray(offset, offset + 65536))
    if (mirror.backlog > 1024 * 1024)
      await new Promise<void>(resolve => (wake = resolve))
  }
  while (mirror.backlog > 0)
    await new Promise<void>(resolve => (wake = resolve))
  mirror.dispose()
  clearInterval(keepAlive)
  const ms = performance.now() - started
  console.log(`headless mirror:   ${(crlf.length / 1e6).toFixed(0)} MB parsed in ${ms.toFixed(0)} ms = ${rate(crlf.length, ms)}`)
}

console.log(`file: ${(size / 1e6).toFixed(0)} MB of base64 lines; ${os.cpus().length} cores`)
await rawPty()
await throughServer()
await mirrorOnly()
rmSync(dir, { recursive: true, force: true })
