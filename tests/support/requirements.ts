/**
 * Tests that need Docker or Chromium skip loudly where those are absent, and fail instead of
 * skipping when REQUIRE_DOCKER=1 / REQUIRE_BROWSER=1 (as in CI), so nothing skips silently there.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { findChromium, NO_CHROMIUM } from '../../server/chromium-path.ts'

const run = promisify(execFile)

export interface Requirement {
  /** Present and usable. */
  ok: boolean
  /** Why not, in words (empty when ok). */
  reason: string
}

export async function dockerAvailability(): Promise<Requirement> {
  try {
    await run('docker', ['version', '--format', '{{.Server.Version}}'], { timeout: 15_000 })
    return { ok: true, reason: '' }
  }
  catch (error) {
    return { ok: false, reason: `no Docker daemon answers: ${(error as Error).message.split('\n')[0]}` }
  }
}

/** The Chromium the tests drive: the same one `npm run export` finds. */
export function chromiumPath(): string | undefined {
  return findChromium()
}

export async function browserAvailability(): Promise<Requirement> {
  return chromiumPath() ? { ok: true, reason: '' } : { ok: false, reason: NO_CHROMIUM }
}

/**
 * Returns the condition for `describe.skipIf`/`test.skipIf`: false when the requirement is met; a loud
 * reason otherwise. When `envFlag` is set to 1 a missing requirement throws, failing the suite.
 */
export function skipUnless(requirement: Requirement, envFlag: 'REQUIRE_DOCKER' | 'REQUIRE_BROWSER'): false | string {
  if (requirement.ok)
    return false
  if (process.env[envFlag] === '1')
    throw new Error(`${envFlag}=1 but ${requirement.reason}`)
  const message = `SKIPPED (set ${envFlag}=1 to require): ${requirement.reason}`
  console.warn(`\n*** ${message} ***\n`)
  return message
}

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]
