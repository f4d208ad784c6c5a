/**
 * Where the Docker engine answers, found the way the docker CLI finds it: DOCKER_HOST (unix:// or
 * tcp://, with TLS when DOCKER_TLS_VERIFY is set), else the current docker context's endpoint (Docker
 * Desktop on macOS serves a socket under ~/.docker/run, known only to its context), else
 * /var/run/docker.sock.
 */
import { readFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { docker } from '../docker/docker-cli.ts'
import { EngineErrorCode } from '../protocol.ts'
import { EngineError } from './engine-error.ts'

export const DEFAULT_ENGINE_SOCKET = '/var/run/docker.sock'

export interface EngineTls {
  ca: Buffer
  cert: Buffer
  key: Buffer
}

export type EngineEndpoint =
  | { kind: 'unix'; socketPath: string }
  | { kind: 'tcp'; host: string; port: number; tls?: EngineTls }

/** The endpoint as a DOCKER_HOST-style address, for status lines and logs. */
export function endpointLabel(endpoint: EngineEndpoint): string {
  return endpoint.kind === 'unix' ? `unix://${endpoint.socketPath}` : `tcp://${endpoint.host}:${endpoint.port}`
}

/**
 * Parses a DOCKER_HOST value. A tcp:// address without a port gets Docker's default, 2376 with TLS
 * and 2375 without; the TLS material itself is read by {@link resolveEngineEndpoint}.
 */
export function parseDockerHost(value: string, tls = false): EngineEndpoint {
  if (value.startsWith('unix://')) {
    const socketPath = value.slice('unix://'.length)
    if (!socketPath)
      throw new EngineError(EngineErrorCode.UnsupportedEndpoint, `DOCKER_HOST "${value}" names no socket path`)
    return { kind: 'unix', socketPath }
  }
  if (value.startsWith('tcp://')) {
    const url = new URL(`http://${value.slice('tcp://'.length)}`)
    return { kind: 'tcp', host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port ? Number(url.port) : tls ? 2376 : 2375 }
  }
  throw new EngineError(EngineErrorCode.UnsupportedEndpoint,
    `DOCKER_HOST "${value}" is not unix:// or tcp://; the engine picture cannot follow it`)
}

async function readTls(env: NodeJS.ProcessEnv): Promise<EngineTls> {
  const dir = env.DOCKER_CERT_PATH || path.join(os.homedir(), '.docker')
  const [ca, cert, key] = await Promise.all(['ca.pem', 'cert.pem', 'key.pem'].map(name => readFile(path.join(dir, name))))
  return { ca, cert, key }
}

/** The current docker context's engine address, or undefined when the CLI or the context is missing. */
async function contextHost(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const result = await docker(['context', 'inspect', '--format', '{{.Endpoints.docker.Host}}'], { env, timeoutMs: 10_000 })
  return result.ok && result.stdout ? result.stdout.split('\n')[0].trim() : undefined
}

export async function resolveEngineEndpoint(env: NodeJS.ProcessEnv = process.env): Promise<EngineEndpoint> {
  if (env.DOCKER_HOST) {
    // The CLI turns TLS on for any non-empty DOCKER_TLS_VERIFY, "0" included; so do we.
    const tls = Boolean(env.DOCKER_TLS_VERIFY)
    const endpoint = parseDockerHost(env.DOCKER_HOST, tls)
    return endpoint.kind === 'tcp' && tls ? { ...endpoint, tls: await readTls(env) } : endpoint
  }
  const fromContext = await contextHost(env)
  if (fromContext) {
    try {
      return parseDockerHost(fromContext)
    }
    catch {
      // A context on ssh:// or npipe:// cannot be followed here; the default socket may still answer.
    }
  }
  return { kind: 'unix', socketPath: DEFAULT_ENGINE_SOCKET }
}
