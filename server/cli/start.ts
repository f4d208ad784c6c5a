/**
 * `npm start`: the demo server (in this process) and the Slidev dev server (a child), together.
 *
 * A fresh token is made at every start and handed to Slidev as VITE_DEMO_TOKEN for the dev server
 * only; `slidev build` never sees it, so no token ends up in a built deck. Ctrl+C or SIGTERM stops
 * Slidev and the demo server, which ends every session's process group.
 *
 * package.json runs this with `node --import tsx`, not the tsx command: that command's parent process
 * SIGKILLs its child when the child has not acknowledged Ctrl+C within about 60 ms, as happens on a
 * busy laptop, and the cleanup of the sessions' containers would be cut short.
 */
import { makeToken } from '../config.ts'
import { type DemoServer, startDemoServer } from '../demo-server.ts'
import { liveRecordingOption } from '../recording/session-recorder.ts'
import { type SlidevDev, startSlidevDev } from './slidev-dev.ts'

const DECK_PORT = Number(process.env.DECK_PORT ?? 3030)
const DEMO_PORT = Number(process.env.DEMO_PORT ?? 3031)
const HOST = '127.0.0.1'

let server: DemoServer | undefined
let slidev: SlidevDev | undefined
let stopping = false

async function stop(reason: string, code: number): Promise<never> {
  if (!stopping) {
    stopping = true
    console.log(`\n${reason}: stopping Slidev and ending every demo session...`)
    const forced = setTimeout(() => process.exit(1), 15_000)
    await Promise.allSettled([slidev?.stop(), server?.close()])
    clearTimeout(forced)
  }
  process.exit(code)
}

process.on('SIGINT', () => void stop('Ctrl+C', 0))
process.on('SIGTERM', () => void stop('SIGTERM', 0))

try {
  server = await startDemoServer({
    // DEMO_RECORD_DIR=DIR npm start keeps what happened on stage: every session becomes a cast in DIR.
    observeSession: await liveRecordingOption(process.env.DEMO_RECORD_DIR, (level, message) => console.error(`${new Date().toISOString()} ${level} ${message}`)),
    host: HOST,
    port: DEMO_PORT,
    token: makeToken(),
    allowedOrigins: [`http://localhost:${DECK_PORT}`, `http://127.0.0.1:${DECK_PORT}`],
  })
}
catch (error) {
  console.error(`demo server: could not start on ${HOST}:${DEMO_PORT}: ${(error as Error).message}`)
  process.exit(1)
}
console.log(`demo server: ${server.url} (token required; only the deck's origin may connect)`)
console.log(`starting Slidev on port ${DECK_PORT} (the first compile takes a while)...`)

try {
  slidev = await startSlidevDev({
    port: DECK_PORT,
    env: { VITE_DEMO_SERVER_URL: server.url, VITE_DEMO_TOKEN: server.token },
    log: line => console.log(`  slidev | ${line}`),
  })
}
catch (error) {
  console.error(`slidev: ${(error as Error).message}`)
  await stop('Slidev did not start', 1)
}

console.log('')
console.log(`  deck:       ${slidev!.url}/`)
console.log(`  presenter:  ${slidev!.url}/presenter/`)
console.log(`  terminals:  ${server.url}`)
console.log('  Ctrl+C stops both.')
// Slidev ending on its own (a crash) takes the demo server down too; during our own stop it is expected.
slidev!.child.once('exit', (code) => {
  if (!stopping)
    void stop(`Slidev exited (${code})`, code ?? 1)
})
