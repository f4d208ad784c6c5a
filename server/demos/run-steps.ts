/**
 * Runs a demo's step list through the demo server, as the deck's Run buttons would, and runs its
 * cleanup. Shared by the demo tests and the recorder, so a recording shows exactly what CI checked.
 */
import { execa } from 'execa'
import path from 'node:path'
import type { RunPhase } from '../protocol.ts'
import { stepRunId } from '../run-id.ts'
import type { TerminalClient } from '../terminal-client.ts'
import { DEMOS_ROOT, type DemoStep, type DemoStepList } from './step-list.ts'

export interface StepResult {
  id: string
  phase: RunPhase
  /** Exit status the shell reported, when it did. */
  exitCode?: number
  /** Why the step failed or timed out, in words. */
  reason?: string
  durationMs: number
}

export interface RunStepsHooks {
  onStepStart?: (step: DemoStep, index: number) => void
  onStepEnd?: (step: DemoStep, result: StepResult) => void
}

export interface RunStepsOptions {
  /** Delay between typed characters in ms. @default 0 (typed at once) */
  typeDelayMs?: number
  /** Wait this long before each step after the first, as a presenter who talks between clicks. @default 0 */
  pauseBetweenStepsMs?: number
}

export interface RunStepsResult {
  ok: boolean
  /** One entry per step that ran; the last one is the failure when `ok` is false. */
  steps: StepResult[]
  durationMs: number
}

/** Runs each step in order, stopping at the first that is not done. */
export async function runDemoSteps(client: TerminalClient, list: DemoStepList, hooks: RunStepsHooks = {},
  options: RunStepsOptions = {}): Promise<RunStepsResult> {
  const started = Date.now()
  const steps: StepResult[] = []
  for (const [index, step] of list.steps.entries()) {
    if (index > 0 && options.pauseBetweenStepsMs)
      await new Promise(resolve => setTimeout(resolve, options.pauseBetweenStepsMs))
    hooks.onStepStart?.(step, index)
    const stepStarted = Date.now()
    const state = await client.run({ runId: stepRunId(list.name, step.id), command: step.command, expect: step.expect,
      timeoutMs: step.timeout * 1000, typeDelayMs: options.typeDelayMs ?? 0 })
    const result: StepResult = { id: step.id, phase: state.phase, durationMs: Date.now() - stepStarted,
      ...(state.exitCode !== undefined ? { exitCode: state.exitCode } : {}),
      ...(state.reason ? { reason: state.reason } : {}) }
    steps.push(result)
    hooks.onStepEnd?.(step, result)
    if (result.phase !== 'done')
      return { ok: false, steps, durationMs: Date.now() - started }
  }
  return { ok: true, steps, durationMs: Date.now() - started }
}

export interface CleanupResult {
  command: string
  /** ok: exit 0; absent: it only said there was nothing to remove; failed: anything else. */
  status: 'ok' | 'absent' | 'failed'
  exitCode: number
  output: string
}

/** Docker's words for "that thing does not exist": cleanup of something already gone is fine. */
const NOTHING_TO_REMOVE = /No such (container|image|volume|network)|not found/i

/**
 * Runs the cleanup commands in the demo folder with bash, one after another, continuing past
 * failures; each result says whether it removed something, found nothing, or failed.
 */
export async function runDemoCleanup(list: DemoStepList, cwd = path.join(DEMOS_ROOT, list.name)): Promise<CleanupResult[]> {
  const results: CleanupResult[] = []
  for (const command of list.cleanup) {
    const child = await execa('bash', ['-c', command], { cwd, all: true, reject: false, stdin: 'ignore', timeout: 120_000 })
    const output = (child.all ?? '').trim()
    const exitCode = child.exitCode ?? -1
    const status = exitCode === 0 ? 'ok' : NOTHING_TO_REMOVE.test(output) ? 'absent' : 'failed'
    results.push({ command, status, exitCode, output })
  }
  return results
}
