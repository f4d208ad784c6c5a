/**
 * Run requests of one session: each run id is carried out once, in order. A run waits for the shell
 * to be ready, reports `typing`, types its command (at typeDelayMs per character), presses Enter,
 * reports `running`, then watches the output: done when `expect`
 * matches, or, without `expect`, when the shell's prompt marker (OSC 633;D;<status>) comes back;
 * failed when the prompt returns without a match; timeout after timeoutMs.
 */
import type { RunRequest, RunStateInfo } from './protocol.ts'
import { PromptWatcher } from './prompt-watcher.ts'

export interface RunHost {
  /** Types into the shell. */
  write(text: string): void
  /** Sends a RunState to every attached client. */
  broadcast(state: RunStateInfo): void
}

const DEFAULT_TIMEOUT_MS = 120_000
/** How long a run waits for a prompt before typing anyway (a shell may be in a full-screen program). */
const PROMPT_WAIT_MS = 10_000
/** Output this quiet counts as "waiting for input" where no prompt marker can come (inside a container). */
const QUIET_MS = 500
/** Pause between the typed command and Enter, so the echo is not mistaken for the command's output. */
const ECHO_SETTLE_MS = 40
/** Run ids remembered for dedupe; older ones are forgotten first. */
const REMEMBERED_RUNS = 500

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

export class RunQueue {
  readonly prompt = new PromptWatcher()
  private readonly states = new Map<string, RunStateInfo>()
  private readonly queue: RunRequest[] = []
  private active: { request: RunRequest; finish: (state: RunStateInfo) => void } | undefined
  private generation = 0

  constructor(private readonly host: RunHost) {}

  /** Queues a run; returns the run's latest state when this run id was already submitted. */
  submit(request: RunRequest): RunStateInfo | undefined {
    if (this.states.has(request.runId) || this.active?.request.runId === request.runId
      || this.queue.some(queued => queued.runId === request.runId))
      return this.states.get(request.runId)
    this.queue.push(request)
    void this.next()
    return undefined
  }

  /** Feeds pty output to the prompt watcher and the active run. */
  observe(data: Uint8Array): void {
    this.prompt.feed(data)
  }

  /** The shell ended or was restarted: the active and queued runs fail, and run ids may be used again. */
  reset(reason: string): void {
    this.generation++
    const active = this.active
    this.active = undefined
    const queued = this.queue.splice(0)
    active?.finish({ runId: active.request.runId, phase: 'failed', reason })
    for (const request of queued)
      this.host.broadcast({ runId: request.runId, phase: 'failed', reason })
    this.states.clear()
    this.prompt.reset()
  }

  private setState(state: RunStateInfo): void {
    this.states.delete(state.runId)
    this.states.set(state.runId, state)
    if (this.states.size > REMEMBERED_RUNS)
      this.states.delete(this.states.keys().next().value as string)
    this.host.broadcast(state)
  }

  private async next(): Promise<void> {
    if (this.active || this.queue.length === 0)
      return
    const request = this.queue.shift()!
    const generation = this.generation
    let finished = false
    let stopWatching = () => {}
    const timer = setTimeout(() => finish({ runId: request.runId, phase: 'timeout',
      reason: `no result within ${request.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms` }), request.timeoutMs ?? DEFAULT_TIMEOUT_MS)
    const finish = (state: RunStateInfo) => {
      if (finished)
        return
      finished = true
      clearTimeout(timer)
      stopWatching()
      this.setState(state)
      if (this.active?.request === request)
        this.active = undefined
      void this.next()
    }
    this.active = { request, finish }
    const stillMine = () => !finished && generation === this.generation

    await this.prompt.waitForPrompt(PROMPT_WAIT_MS, QUIET_MS)
    if (!stillMine())
      return
    // Announced only now, when the first character goes out: recorders place a step's marker here, so
    // the previous command's prompt stays with the previous step.
    this.setState({ runId: request.runId, phase: 'typing' })
    const characters = [...request.command.replace(/[\r\n]+$/, '')]
    if ((request.typeDelayMs ?? 0) === 0) {
      if (stillMine())
        this.host.write(characters.join(''))
    }
    else {
      for (const character of characters) {
        if (!stillMine())
          return
        this.host.write(character)
        await sleep(request.typeDelayMs!)
      }
    }
    await sleep(ECHO_SETTLE_MS)
    if (!stillMine())
      return
    const expect = request.expect === undefined ? undefined : new RegExp(request.expect, 'm')
    stopWatching = this.prompt.watchCommand((text, exitCode) => {
      if (expect?.test(text))
        finish({ runId: request.runId, phase: 'done', exitCode })
      else if (exitCode !== undefined && expect)
        finish({ runId: request.runId, phase: 'failed', exitCode, reason: `the prompt returned without output matching /${request.expect}/` })
      else if (exitCode !== undefined)
        finish({ runId: request.runId, phase: 'done', exitCode })
    })
    this.host.write('\r')
    this.setState({ runId: request.runId, phase: 'running' })
  }
}
