/**
 * Options of the demo server: defaults spread first, then checked, so a bad option fails at start
 * with a TypeError that names it rather than misbehaving later.
 */
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ObservedSession, SessionSink } from './session-sink.ts'

export const SERVER_DIR = path.dirname(fileURLToPath(import.meta.url))
export const DEFAULT_DEMOS_ROOT = path.resolve(SERVER_DIR, '../demos')
export const BASHRC_PATH = path.join(SERVER_DIR, 'shell/bashrc')

/** The Slidev dev server's origins: the deck is the only web page allowed to open terminals. */
export const DEFAULT_ALLOWED_ORIGINS = ['http://localhost:3030', 'http://127.0.0.1:3030']

/** Host names that always pass the Host check (DNS rebinding defence); others must be configured. */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]']

export type LogFn = (level: 'info' | 'warn' | 'error', message: string) => void

export interface DemoServerOptions {
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string
  /** Port; 0 picks a free one. @default 0 */
  port?: number
  /** Secret required at upgrade (`?token=`). @default 32 random bytes, hex (256 bits) */
  token?: string
  /** Origins allowed to connect; a request without Origin (not a browser) is allowed. @default the Slidev dev origins */
  allowedOrigins?: string[]
  /** Extra Host header names (without port) besides loopback names. @default [] */
  allowedHosts?: string[]
  /** Folder whose subfolders are the demos a shell may start in. @default <repo>/demos */
  demosRoot?: string
  /** Most sessions at once. @default 16 */
  maxSessions?: number
  /** Most clients attached to one session. @default 8 */
  maxClientsPerSession?: number
  /** Most WebSocket connections at once (attached or not). @default 64 */
  maxConnections?: number
  /** A session with no clients ends after this long, in ms. @default 600000 (10 min) */
  idleTimeoutMs?: number
  /** Time between SIGHUP and SIGKILL when a session ends, in ms. @default 2000 */
  killGraceMs?: number
  /** Largest WebSocket message accepted, in bytes; larger frames close the socket (1009). @default 65536 */
  maxPayload?: number
  /** A client must send Attach within this long, in ms. @default 10000 */
  attachTimeoutMs?: number
  /** Unacknowledged output bytes per client above which the pty is paused. @default 200000 */
  highWaterBytes?: number
  /** Unacknowledged bytes below which a paused pty resumes. @default 100000 */
  lowWaterBytes?: number
  /** Hard bound on bytes queued for one client; past it the client leaves the live stream. @default 500000 */
  maxBufferedBytes?: number
  /** A client that keeps the pty paused this long leaves the live stream, in ms. @default 1500 */
  stallTimeoutMs?: number
  /** Output is batched for this long before it is sent, in ms. @default 5 */
  batchMs?: number
  /** Lines of scrollback kept for newly attached clients. @default 1000 */
  scrollback?: number
  /** Where log lines go. @default console.error with a timestamp */
  log?: LogFn
  /**
   * Called once per new session; the sink it returns gets the session's output and runs.
   * Used by the opt-in live recording (server/recording/session-recorder.ts). @default none
   */
  observeSession?: (session: ObservedSession) => SessionSink | undefined
  /**
   * Allowlist mode for a kiosk or classroom, where visitors must not run commands of their own:
   * every demos/<name>/steps.yaml is read at start; then Run may only carry a step-list command of
   * the session's demo, and typed input is refused (DEMO_ERR_COMMAND_NOT_ALLOWED). @default false
   */
  allowlist?: boolean
}

export type DemoServerConfig = Required<DemoServerOptions>

const defaultLog: LogFn = (level, message) => console.error(`${new Date().toISOString()} ${level} ${message}`)

export function makeToken(): string {
  return randomBytes(32).toString('hex')
}

function requireInteger(config: DemoServerConfig, key: keyof DemoServerConfig, min: number): void {
  const value = config[key]
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min)
    throw new TypeError(`demo server option "${key}" must be an integer >= ${min}, got ${String(value)}`)
}

export function resolveConfig(options: DemoServerOptions = {}): DemoServerConfig {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined))
  const config: DemoServerConfig = {
    host: '127.0.0.1',
    port: 0,
    token: makeToken(),
    allowedOrigins: DEFAULT_ALLOWED_ORIGINS,
    allowedHosts: [],
    demosRoot: DEFAULT_DEMOS_ROOT,
    maxSessions: 16,
    maxClientsPerSession: 8,
    maxConnections: 64,
    idleTimeoutMs: 10 * 60_000,
    killGraceMs: 2000,
    maxPayload: 64 * 1024,
    attachTimeoutMs: 10_000,
    // Throughput is window / ack round trip, so the window is as wide as the live-loop issue allows (pause
    // at "the order of 100k" unacknowledged, never more than 500k buffered per client), and the pty resumes
    // at half the window rather than near empty, so acks in flight keep it fed. `npm run bench` measures it.
    highWaterBytes: 200_000,
    lowWaterBytes: 100_000,
    maxBufferedBytes: 500_000,
    stallTimeoutMs: 1500,
    batchMs: 5,
    scrollback: 1000,
    log: defaultLog,
    observeSession: () => undefined,
    allowlist: false,
    ...defined,
  }
  for (const key of ['port', 'maxSessions', 'maxClientsPerSession', 'maxConnections', 'idleTimeoutMs', 'killGraceMs',
    'maxPayload', 'attachTimeoutMs', 'highWaterBytes', 'lowWaterBytes', 'maxBufferedBytes', 'stallTimeoutMs', 'batchMs',
    'scrollback'] as const)
    requireInteger(config, key, key === 'maxSessions' || key === 'maxClientsPerSession' || key === 'maxConnections' ? 1 : 0)
  if (config.port > 65535)
    throw new TypeError(`demo server option "port" must be at most 65535, got ${config.port}`)
  // 128 bits at least: the token is the only thing between a local web page and a shell.
  if (typeof config.token !== 'string' || config.token.length < 32)
    throw new TypeError('demo server option "token" must be a string of at least 32 characters (128 bits as hex)')
  if (config.lowWaterBytes >= config.highWaterBytes)
    throw new TypeError('demo server option "lowWaterBytes" must be below "highWaterBytes"')
  if (config.highWaterBytes >= config.maxBufferedBytes)
    throw new TypeError('demo server option "highWaterBytes" must be below "maxBufferedBytes"')
  if (!Array.isArray(config.allowedOrigins) || !Array.isArray(config.allowedHosts))
    throw new TypeError('demo server options "allowedOrigins" and "allowedHosts" must be arrays of strings')
  if (typeof config.log !== 'function')
    throw new TypeError('demo server option "log" must be a function')
  config.demosRoot = path.resolve(config.demosRoot)
  config.allowedOrigins = config.allowedOrigins.map(origin => origin.replace(/\/+$/, ''))
  config.allowedHosts = config.allowedHosts.map(host => host.toLowerCase())
  return config
}
