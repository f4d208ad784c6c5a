/**
 * `npm run server`: the demo server alone, for a second machine or for someone who only wants the
 * terminals. Flags: --port N, --host H, --allowed-origins a,b, --allowed-hosts a,b; or the env vars
 * DEMO_PORT, DEMO_HOST, DEMO_ALLOWED_ORIGINS, DEMO_ALLOWED_HOSTS (comma separated).
 * A fresh token is made at every start; Ctrl+C ends every session and its processes.
 * --record DIR (or DEMO_RECORD_DIR) records every session to DIR/<demo>--<session>--<time>.cast.
 * --allowlist (or DEMO_ALLOWLIST=1): kiosk mode, only the demos' step-list commands may run.
 */
import { parseArgs } from 'node:util'
import { DEFAULT_ALLOWED_ORIGINS, makeToken } from '../config.ts'
import { type DemoServer, startDemoServer } from '../demo-server.ts'
import { liveRecordingOption } from '../recording/session-recorder.ts'

const DECK_URL = 'http://localhost:3030/'

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map(item => item.trim()).filter(Boolean)
}

const { values } = parseArgs({
  options: {
    'port': { type: 'string' },
    'host': { type: 'string' },
    'allowed-origins': { type: 'string' },
    'allowed-hosts': { type: 'string' },
    'record': { type: 'string' },
    'allowlist': { type: 'boolean' },
    'help': { type: 'boolean', short: 'h' },
  },
})
if (values.help) {
  console.log('usage: npm run server -- [--port 3031] [--host 127.0.0.1] [--allowed-origins URL,...] [--allowed-hosts NAME,...] [--record DIR] [--allowlist]')
  process.exit(0)
}

const port = Number(values.port ?? process.env.DEMO_PORT ?? 3031)
const host = values.host ?? process.env.DEMO_HOST ?? '127.0.0.1'
const extraOrigins = list(values['allowed-origins'] ?? process.env.DEMO_ALLOWED_ORIGINS)

let server: DemoServer
const recordDir = values.record ?? process.env.DEMO_RECORD_DIR
try {
  server = await startDemoServer({
    observeSession: await liveRecordingOption(recordDir, (level, message) => console.error(`${new Date().toISOString()} ${level} ${message}`)),
    host,
    port,
    token: makeToken(),
    allowedOrigins: [...new Set([...DEFAULT_ALLOWED_ORIGINS, ...extraOrigins])],
    allowedHosts: list(values['allowed-hosts'] ?? process.env.DEMO_ALLOWED_HOSTS),
    allowlist: values.allowlist === true || process.env.DEMO_ALLOWLIST === '1',
  })
}
catch (error) {
  console.error(`demo server: could not start on ${host}:${port}: ${(error as Error).message}`)
  process.exit(1)
}

const deckUrl = `${DECK_URL}?demoServer=${server.url}&demoToken=${server.token}`
console.log(`demo server listening on ${server.url}`)
console.log(`token: ${server.token}`)
console.log(`open the deck with: ${deckUrl}`)
if (values.allowlist === true || process.env.DEMO_ALLOWLIST === '1')
  console.log('allowlist mode: only the demos\' step-list commands may run; typing is refused')
if (recordDir)
  console.log(`recording every session to ${recordDir}`)
if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1')
  console.log(`warning: listening on ${host}; anyone who can reach it and has the token gets a shell`)

let stopping = false
async function stop(signal: string) {
  if (stopping)
    return
  stopping = true
  console.log(`\n${signal}: ending every session...`)
  const forced = setTimeout(() => process.exit(1), 10_000)
  await server.close()
  clearTimeout(forced)
  process.exit(0)
}
process.on('SIGINT', () => void stop('SIGINT'))
process.on('SIGTERM', () => void stop('SIGTERM'))
