/**
 * The one place the presenter tools call the docker CLI: execa without a shell, a timeout, and the
 * caller's environment (so DOCKER_HOST and DOCKER_CONTEXT are honoured), never throwing on a non-zero exit.
 */
import { execa } from 'execa'

export interface DockerResult {
  ok: boolean
  /** Killed at the timeout: the command exists but did not answer in time. */
  timedOut: boolean
  exitCode: number
  stdout: string
  stderr: string
}

export interface DockerOptions {
  /** @default 30 000 ms */
  timeoutMs?: number
  env?: NodeJS.ProcessEnv
  cwd?: string
}

export async function docker(args: string[], options: DockerOptions = {}): Promise<DockerResult> {
  const child = await execa('docker', args, { reject: false, stdin: 'ignore', timeout: options.timeoutMs ?? 30_000,
    env: options.env, extendEnv: true, cwd: options.cwd })
  const failedToStart = child.failed && child.exitCode === undefined
  return {
    ok: child.exitCode === 0,
    timedOut: child.timedOut === true,
    exitCode: child.exitCode ?? -1,
    stdout: String(child.stdout ?? '').trim(),
    stderr: failedToStart ? child.shortMessage ?? 'docker could not be started' : String(child.stderr ?? '').trim(),
  }
}

/** Non-empty lines of a command's stdout. */
export function lines(text: string): string[] {
  return text.split('\n').map(line => line.trim()).filter(Boolean)
}

/** The first line of an error message, without Docker's "Error response from daemon: " prefix. */
export function firstLine(text: string): string {
  return (text.split('\n').find(line => line.trim()) ?? '').replace(/^Error response from daemon:\s*/, '').trim()
}
