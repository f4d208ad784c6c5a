/**
 * How the containers and Compose projects a session starts are found again when it ends. The
 * session's shell (server/shell/bashrc) wraps `docker`: `docker run` and `docker create` gain the
 * label below, and every docker call appends to the session's state file: nothing, or for
 * `docker compose` the folder it ran in, one per line (so the file exists once docker was used). The
 * label's name says whose bookkeeping it is, so a `docker inspect` on stage reads
 * `"org.docker-overview-live.session": "…"` beside Compose's own labels and needs no explaining.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const SESSION_LABEL = 'org.docker-overview-live.session'

/** The environment the shell reads: the label as `key=value`, and the state file it appends to. */
export const LABEL_ENV = 'DEMO_SESSION_LABEL'
export const STATE_ENV = 'DEMO_SESSION_STATE'

/** One per server start, so a second server never removes what the first one's sessions run. */
const SERVER_INSTANCE = randomBytes(4).toString('hex')

export function sessionLabelValue(sessionId: string): string {
  return `${SERVER_INSTANCE}/${sessionId}`
}

export function sessionEnv(sessionId: string, stateFile: string): Record<string, string> {
  return { [LABEL_ENV]: `${SESSION_LABEL}=${sessionLabelValue(sessionId)}`, [STATE_ENV]: stateFile }
}

let stateFolder: string | undefined
let stateFiles = 0

/** A new state file's path, in a folder of this server start that only its user may enter. The
 * shell creates the file on its first docker call. */
export function newSessionStateFile(): string {
  stateFolder ??= mkdtempSync(path.join(os.tmpdir(), 'docker-overview-sessions-'))
  return path.join(stateFolder, `session-${++stateFiles}`)
}
