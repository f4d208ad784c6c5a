/**
 * Where the slide terminals find the demo server, and the token that lets them in.
 *
 * `npm start` passes both to the Slidev dev server as VITE_DEMO_SERVER_URL / VITE_DEMO_TOKEN. A
 * self-learner who runs `npm run server` on its own instead opens the deck with
 * `?demoServer=<url>&demoToken=<token>`; the pair is kept in sessionStorage because Slidev's router
 * drops the query when it navigates. `slidev build` sets neither variable, so no token is ever baked
 * into the built deck.
 */
import { TERMINAL_PATH } from '../../server/protocol'

export interface DemoServerConfig {
  /** Full WebSocket URL of the terminal endpoint, token included. */
  terminalUrl: string
  /** Where the value came from, for the status message when the server cannot be reached. */
  source: 'query' | 'session' | 'env'
}

const STORAGE_KEY = 'docker-overview-live:demo-server'
const QUERY_URL = 'demoServer'
const QUERY_TOKEN = 'demoToken'

/** Turns `http://host:port`, `ws://host:port/terminal` and the like into the terminal endpoint URL. */
export function terminalEndpoint(base: string, token: string): string {
  const url = new URL(base)
  if (url.protocol === 'http:')
    url.protocol = 'ws:'
  else if (url.protocol === 'https:')
    url.protocol = 'wss:'
  else if (url.protocol !== 'ws:' && url.protocol !== 'wss:')
    throw new TypeError(`demo server URL must be http(s) or ws(s), got "${base}"`)
  url.pathname = TERMINAL_PATH
  url.search = ''
  url.searchParams.set('token', token)
  return url.toString()
}

interface Sources {
  search?: string
  storage?: Pick<Storage, 'getItem' | 'setItem'>
  env?: { VITE_DEMO_SERVER_URL?: string, VITE_DEMO_TOKEN?: string }
}

/**
 * Reads the page query first (and remembers it for this tab), then sessionStorage, then the build
 * environment. Returns undefined when no server is configured; never throws.
 */
export function resolveDemoServerConfig(sources: Sources = browserSources()): DemoServerConfig | undefined {
  const query = new URLSearchParams(sources.search ?? '')
  const fromQuery = pair(query.get(QUERY_URL), query.get(QUERY_TOKEN))
  if (fromQuery) {
    try {
      sources.storage?.setItem(STORAGE_KEY, JSON.stringify(fromQuery))
    }
    catch {
      // Storage can be disabled (private windows); the query still works for this page load.
    }
    return build(fromQuery, 'query')
  }
  try {
    const stored = JSON.parse(sources.storage?.getItem(STORAGE_KEY) ?? 'null') as { url?: unknown, token?: unknown } | null
    const fromStorage = pair(stored?.url, stored?.token)
    if (fromStorage)
      return build(fromStorage, 'session')
  }
  catch {
    // A damaged entry is ignored; the environment may still name a server.
  }
  const fromEnv = pair(sources.env?.VITE_DEMO_SERVER_URL, sources.env?.VITE_DEMO_TOKEN)
  return fromEnv ? build(fromEnv, 'env') : undefined
}

function pair(url: unknown, token: unknown): { url: string, token: string } | undefined {
  return typeof url === 'string' && url && typeof token === 'string' && token ? { url, token } : undefined
}

function build(value: { url: string, token: string }, source: DemoServerConfig['source']): DemoServerConfig | undefined {
  try {
    return { terminalUrl: terminalEndpoint(value.url, value.token), source }
  }
  catch {
    return undefined
  }
}

function browserSources(): Sources {
  if (typeof window === 'undefined')
    return { env: import.meta.env }
  let storage: Sources['storage']
  try {
    storage = window.sessionStorage
  }
  catch {
    storage = undefined
  }
  return { search: window.location.search, storage, env: import.meta.env }
}

let cached: DemoServerConfig | undefined | null = null

/** The config for this page, resolved once (the query is only present on the first load). */
export function demoServerConfig(): DemoServerConfig | undefined {
  if (cached === null)
    cached = resolveDemoServerConfig()
  return cached
}
