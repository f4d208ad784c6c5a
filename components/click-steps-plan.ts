/**
 * The logic behind <ClickSteps>, kept free of Vue and the DOM so it can be unit-tested: which demo
 * steps a slide shows, which step a forward click reaches, and a queue that sends one Run at a time,
 * holding the next until the previous one's RunState says done.
 */
import type { DemoStep, DemoStepList } from '../server/demos/step-list-format.ts'
import type { RunPhase, RunRequest } from '../server/protocol.ts'
import { isFailedPhase, isFinishedPhase } from '../server/protocol.ts'
import { stepRunId } from '../server/run-id.ts'

/** What a row shows: not reached yet, waiting its turn, sent, or a server phase. */
export type StepStatus = 'idle' | 'queued' | 'sent' | RunPhase

/** The steps a slide names, in the order given (all of the demo's steps when `ids` is empty). */
export function selectSteps(list: DemoStepList, ids?: readonly string[]): DemoStep[] {
  if (!ids || ids.length === 0)
    return list.steps
  return ids.map((id) => {
    const step = list.steps.find(s => s.id === id)
    if (!step)
      throw new Error(`demo "${list.name}" has no step "${id}" (it has: ${list.steps.map(s => s.id).join(', ')})`)
    return step
  })
}

export function runRequestFor(demo: string, step: DemoStep, typeDelayMs: number): RunRequest {
  return {
    runId: stepRunId(demo, step.id),
    command: step.command,
    expect: step.expect,
    timeoutMs: step.timeout * 1000,
    typeDelayMs,
  }
}

export interface ClickView {
  /** Whether this slide is the one being presented (not a preview, not print). */
  active: boolean
  clicks: number
}

/**
 * The step index a click change reaches, or undefined. Only a single forward click on a slide that
 * was already being shown counts: arriving at a slide (even with its clicks at the end, as happens
 * when navigating backwards) or stepping back never runs anything.
 */
export function reachedStep(before: ClickView | undefined, now: ClickView, start: number, count: number): number | undefined {
  if (!before || !before.active || !now.active || now.clicks !== before.clicks + 1)
    return undefined
  const index = now.clicks - start
  return index >= 0 && index < count ? index : undefined
}

/**
 * Sends steps one at a time. `request(i)` asks for step i (and any earlier step not yet asked for);
 * the next step is sent only when the previous one is done. A failed or timed-out step halts the
 * queue until the presenter runs a step by hand with `runNow`.
 */
export class RunQueue {
  readonly status: StepStatus[]
  private pending: number[] = []
  private halted = false

  constructor(count: number, private readonly send: (index: number) => boolean) {
    this.status = Array.from({ length: count }, () => 'idle' as StepStatus)
  }

  request(index: number): void {
    for (let i = 0; i <= index; i++) {
      if (this.status[i] === 'idle' && !this.pending.includes(i)) {
        this.pending.push(i)
        this.status[i] = 'queued'
      }
    }
    this.pump()
  }

  /** Sends a step at once (a row's button), whatever the queue is doing. */
  runNow(index: number): void {
    this.pending = this.pending.filter(i => i !== index)
    this.halted = false
    if (this.send(index))
      this.status[index] = 'sent'
  }

  update(index: number, phase: RunPhase): void {
    this.status[index] = phase
    if (isFailedPhase(phase))
      this.halted = true
    if (isFinishedPhase(phase))
      this.pump()
  }

  /** A step in flight: sent, typing or running. */
  get busy(): boolean {
    return this.status.some(s => s === 'sent' || s === 'typing' || s === 'running')
  }

  get isHalted(): boolean {
    return this.halted && this.pending.length > 0
  }

  /** Call when the connection (re)appears, to send what was queued meanwhile. */
  pump(): void {
    if (this.busy || this.halted)
      return
    const next = this.pending[0]
    if (next === undefined)
      return
    if (this.send(next)) {
      this.pending.shift()
      this.status[next] = 'sent'
    }
  }
}
