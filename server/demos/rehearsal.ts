/**
 * One demo, run the way a clicker runs it: its cleanup first (so it starts from a known state,
 * whatever an earlier run left), then every step through a terminal of the demo server, then its
 * cleanup again. Shared by `npm run rehearse` and the demo tests, so both check the same thing.
 */
import path from 'node:path'
import type { DemoServer } from '../demo-server.ts'
import { commandDonePattern } from '../shell/prompt-marker.ts'
import { TerminalClient } from '../terminal-client.ts'
import { type CleanupResult, runDemoCleanup, runDemoSteps, type RunStepsOptions, type RunStepsResult } from './run-steps.ts'
import type { DemoStepList } from './step-list.ts'

export interface RehearsalOptions extends RunStepsOptions {
  cols?: number
  rows?: number
  /** Runs after the first cleanup, before the first step (the demo tests take a Docker snapshot). */
  beforeSteps?: () => Promise<void>
}

export interface Rehearsal {
  result: RunStepsResult
  /** Everything the terminal showed, for a failure message. */
  text: string
  /** The cleanup after the steps. */
  cleanup: CleanupResult[]
}

export async function rehearseDemo(server: DemoServer, demosRoot: string, list: DemoStepList, options: RehearsalOptions = {}): Promise<Rehearsal> {
  const folder = path.join(demosRoot, list.name)
  await runDemoCleanup(list, folder)
  await options.beforeSteps?.()
  const session = `rehearse-${list.name}`
  const client = await TerminalClient.connect({ url: server.url, token: server.token, origin: server.origin,
    session, demo: list.name, cols: options.cols ?? 160, rows: options.rows ?? 40 })
  let result: RunStepsResult
  try {
    await client.waitFor(commandDonePattern(), { timeoutMs: 15_000 })
    result = await runDemoSteps(client, list, {}, options)
  }
  finally {
    await client.close()
    const live = server.registry.get(session)
    if (live)
      await server.registry.end(live)
  }
  return { result, text: client.text, cleanup: await runDemoCleanup(list, folder) }
}
