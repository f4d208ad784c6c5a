/**
 * Removes what a session started (server/shell/session-label.ts) when it ends or restarts: its
 * labelled containers, with `docker rm -f`, and the Compose projects run from the folders its shell
 * noted, with `docker compose down`, which keeps their volumes. Nothing here throws: an engine that
 * is gone or slow is logged and the session goes on ending.
 */
import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import type { LogFn } from '../config.ts'
import { SESSION_LABEL, sessionLabelValue } from '../shell/session-label.ts'
import { docker, firstLine, lines } from './docker-cli.ts'

const TIMEOUT_MS = 20_000

interface ComposeProject {
  Name: string
  ConfigFiles?: string
}

/** The folders `docker compose` ran in, or undefined when the shell never called docker. */
async function readState(stateFile: string): Promise<string[] | undefined> {
  try {
    return [...new Set(lines(await readFile(stateFile, 'utf8')))]
  }
  catch {
    return undefined
  }
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file)
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
}

async function composeProjectsIn(folders: string[], log: LogFn): Promise<string[]> {
  if (folders.length === 0)
    return []
  const listed = await docker(['compose', 'ls', '--all', '--format', 'json'], { timeoutMs: TIMEOUT_MS })
  if (!listed.ok) {
    log('warn', `could not list Compose projects: ${firstLine(listed.stderr)}`)
    return []
  }
  let projects: ComposeProject[] = []
  try {
    projects = JSON.parse(listed.stdout || '[]') as ComposeProject[]
  }
  catch {
    return []
  }
  return projects
    .filter(project => (project.ConfigFiles ?? '').split(',').some(file => folders.some(folder => isInside(file.trim(), folder))))
    .map(project => project.Name)
}

export async function cleanUpSession(sessionId: string, stateFile: string, log: LogFn): Promise<void> {
  const composeFolders = await readState(stateFile)
  if (composeFolders === undefined)
    return
  await rm(stateFile, { force: true })
  for (const project of await composeProjectsIn(composeFolders, log)) {
    const down = await docker(['compose', '--project-name', project, 'down', '--remove-orphans'], { timeoutMs: TIMEOUT_MS })
    log(down.ok ? 'info' : 'warn', `session ${sessionId}: Compose project ${project} ${down.ok ? 'stopped (volumes kept)' : `not stopped: ${firstLine(down.stderr)}`}`)
  }
  const label = `${SESSION_LABEL}=${sessionLabelValue(sessionId)}`
  const listed = await docker(['ps', '--all', '--quiet', '--filter', `label=${label}`], { timeoutMs: TIMEOUT_MS })
  if (!listed.ok) {
    log('warn', `session ${sessionId}: could not list its containers: ${firstLine(listed.stderr)}`)
    return
  }
  const ids = lines(listed.stdout)
  if (ids.length === 0)
    return
  const removed = await docker(['rm', '--force', ...ids], { timeoutMs: TIMEOUT_MS })
  log(removed.ok ? 'info' : 'warn', `session ${sessionId}: ${removed.ok ? `removed ${ids.length} container(s) it started` : `could not remove its containers: ${firstLine(removed.stderr)}`}`)
}
