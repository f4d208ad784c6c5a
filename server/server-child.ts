/**
 * Runs the demo server alone in this process, started by server-process.ts, so its memory and
 * children are its own and it can be killed or restarted. Options come as JSON in argv[2]; the first stdout
 * line is JSON {url, port, token, origin}. Over IPC, "memory" answers process.memoryUsage() after
 * a full GC (node --expose-gc). SIGTERM closes the server cleanly.
 */
import { startDemoServer } from './demo-server.ts'

const options = JSON.parse(process.argv[2] ?? '{}')
const quiet = options.quiet === true
delete options.quiet
const server = await startDemoServer({
  ...options,
  log: quiet ? () => {} : (level: string, message: string) => process.stderr.write(`${level} ${message}\n`),
})
process.stdout.write(`${JSON.stringify({ url: server.url, port: server.port, token: server.token, origin: server.origin })}\n`)

process.on('message', (message: { id: number; ask: string }) => {
  if (message.ask === 'memory') {
    globalThis.gc?.()
    process.send?.({ id: message.id, memory: process.memoryUsage(), sessions: server.registry.size })
  }
})

let stopping = false
process.on('SIGTERM', () => {
  if (stopping)
    return
  stopping = true
  void server.close().then(() => process.exit(0))
  setTimeout(() => process.exit(1), 10_000).unref()
})
process.on('disconnect', () => process.emit('SIGTERM'))
