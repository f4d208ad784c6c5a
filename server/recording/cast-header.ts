/**
 * The header facts a cast records about where it was made: terminal type, shell, and the Docker
 * engine's version (`docker_server`), so a viewer can tell which engine produced the output.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import type { CastHeader } from './asciicast.ts'

const run = promisify(execFile)

/** The same TERM the server gives every shell (server/pty-process.ts). */
export const CAST_TERM = 'xterm-256color'

/** Server version reported by the Docker daemon, or "unavailable" when none answers. */
export async function dockerServerVersion(): Promise<string> {
  try {
    const { stdout } = await run('docker', ['version', '--format', '{{.Server.Version}}'], { timeout: 15_000 })
    return stdout.trim() || 'unavailable'
  }
  catch {
    return 'unavailable'
  }
}

/** Absolute path of the bash the server starts (it runs `bash` from PATH). */
export async function shellPath(): Promise<string> {
  try {
    const { stdout } = await run('bash', ['-c', 'printf %s "$BASH"'], { timeout: 5000 })
    return stdout || 'bash'
  }
  catch {
    return 'bash'
  }
}

export interface HeaderFacts {
  dockerServer: string
  shell: string
}

export async function gatherHeaderFacts(): Promise<HeaderFacts> {
  const [dockerServer, shell] = await Promise.all([dockerServerVersion(), shellPath()])
  return { dockerServer, shell }
}

export function buildCastHeader(facts: HeaderFacts, fields: { width: number, height: number, title: string, idleTimeLimit?: number }): CastHeader {
  return {
    version: 2,
    width: fields.width,
    height: fields.height,
    timestamp: Math.floor(Date.now() / 1000),
    ...(fields.idleTimeLimit ? { idle_time_limit: fields.idleTimeLimit } : {}),
    title: fields.title,
    env: { TERM: CAST_TERM, SHELL: facts.shell },
    docker_server: facts.dockerServer,
  }
}
