/**
 * Records one demo: a fresh session on a running demo server, every step run as a presenter's
 * click would run it (runDemoSteps, the same code the demo tests use), the pty's output captured
 * with its timing and an "m" marker at each step labelled with the step id. Returns the cast text
 * only when every step showed its expected output; a failed step yields the reason instead.
 */
import type { DemoServer } from '../demo-server.ts'
import type { DemoStepList } from '../demos/step-list.ts'
import { DEFAULT_TYPE_DELAY_MS } from '../protocol.ts'
import { runDemoSteps } from '../demos/run-steps.ts'
import { stepRunId } from '../run-id.ts'
import { commandDonePattern } from '../shell/prompt-marker.ts'
import { TerminalClient } from '../terminal-client.ts'
import { CastWriter } from './asciicast.ts'
import { type EngineTimelineEntry, formatEngineTimeline } from './engine-timeline.ts'
import { buildCastHeader, type HeaderFacts } from './cast-header.ts'

export interface RecordOptions {
  cols: number
  rows: number
  facts: HeaderFacts
  /** Longest pause a player should show, in seconds (header idle_time_limit). @default 2 */
  idleTimeLimit?: number
  /** Milliseconds between typed characters, as a presenter's click types them. @default DEFAULT_TYPE_DELAY_MS */
  typeDelayMs?: number
}

export type RecordResult =
  | { ok: true, demo: string, cast: string, engineTimeline: string, steps: number, seconds: number }
  | { ok: false, demo: string, step?: string, reason: string }

const PROMPT_MARKER = commandDonePattern('g')
const PROMPT_WAIT_MS = 15_000
/** Output quiet for this long after the last prompt counts as the end of the recording. */
const SETTLE_MS = 300

function countPrompts(text: string): number {
  return text.match(PROMPT_MARKER)?.length ?? 0
}

async function waitForQuiet(client: TerminalClient, ms: number): Promise<void> {
  let last = Date.now()
  const touch = () => (last = Date.now())
  client.on('output', touch)
  try {
    while (Date.now() - last < ms)
      await new Promise(resolve => setTimeout(resolve, ms / 3))
  }
  finally {
    client.off('output', touch)
  }
}

export async function recordDemo(server: DemoServer, list: DemoStepList, options: RecordOptions): Promise<RecordResult> {
  const lines: string[] = []
  const engine: EngineTimelineEntry[] = []
  const header = buildCastHeader(options.facts, { width: options.cols, height: options.rows, title: list.title,
    idleTimeLimit: options.idleTimeLimit ?? 2 })
  const session = `rec-${list.name}`.slice(0, 64)
  let client: TerminalClient | undefined
  let failedStep: string | undefined
  let reason = ''
  let currentStep: string | undefined
  let promptsBeforeLastStep = -1
  const started = Date.now()
  try {
    client = await TerminalClient.connect({ url: server.url, token: server.token, origin: server.origin, session,
      demo: list.name, cols: options.cols, rows: options.rows })
    const connected = client
    const writer = new CastWriter(header, line => lines.push(line))
    const stepIds = new Map(list.steps.map(step => [stepRunId(list.name, step.id), step.id]))
    // Keyed by the number of cast events written so far (lines[0] is the header): see engine-timeline.ts.
    client.on('engine', (_picture, message) => engine.push([lines.length - 1, message]))
    client.watchEngine()
    client.on('snapshot', bytes => writer.output(bytes))
    client.on('output', bytes => writer.output(bytes))
    // The server reports `typing` when it starts typing a step, after the output that came before it:
    // the marker goes exactly there.
    client.on('runState', (state) => {
      const id = stepIds.get(state.runId)
      if (state.phase === 'typing' && id) {
        writer.marker(id)
        promptsBeforeLastStep = countPrompts(connected.text)
      }
    })
    await client.waitFor(PROMPT_MARKER, { timeoutMs: PROMPT_WAIT_MS })
    await runDemoSteps(client, list, {
      onStepStart: (step) => {
        currentStep = step.id
      },
      onStepEnd: (step, result) => {
        if (result.phase !== 'done' && !failedStep) {
          failedStep = step.id
          reason = `${result.phase}${result.reason ? `: ${result.reason}` : ''}`
        }
      },
    }, { typeDelayMs: options.typeDelayMs ?? DEFAULT_TYPE_DELAY_MS })
    if (!failedStep) {
      // The prompt after the last step belongs in the final screen.
      const deadline = Date.now() + PROMPT_WAIT_MS
      while (countPrompts(client.text) <= promptsBeforeLastStep && Date.now() < deadline)
        await new Promise(resolve => setTimeout(resolve, 50))
      await waitForQuiet(client, SETTLE_MS)
    }
    writer.end()
  }
  catch (error) {
    reason ||= (error as Error).message
    failedStep ??= currentStep ?? '(setup)'
  }
  finally {
    await client?.close()
    const live = server.registry.get(session)
    if (live)
      await server.registry.end(live)
  }
  if (failedStep)
    return { ok: false, demo: list.name, step: failedStep, reason }
  return { ok: true, demo: list.name, cast: `${lines.join('\n')}\n`, engineTimeline: formatEngineTimeline(list.name, engine), steps: list.steps.length,
    seconds: (Date.now() - started) / 1000 }
}
