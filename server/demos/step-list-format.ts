/**
 * The pure part of the step-list format: types and `parseStepList` (text in, validated list out).
 * Split out of step-list.ts so the browser (components/ClickSteps.vue) can parse steps.yaml with the
 * same rules without pulling in `node:` modules; step-list.ts re-exports everything here.
 */
import { parse } from 'yaml'

export interface DemoStep {
  /** Short id, unique within the demo (used for run ids, cast markers and slide references). */
  id: string
  /** The command line exactly as a presenter would type it. */
  command: string
  /** Regular expression (source) the output must show once the step has run. */
  expect: string
  /** How long the step may take, in seconds. */
  timeout: number
  /** Optional one-line explanation shown in the step list and the README. */
  note?: string
}

export interface DemoStepList {
  /** Folder name under demos/. */
  name: string
  title: string
  steps: DemoStep[]
  /** Commands that remove everything the demo created; run after the steps and by `npm run reset`. */
  cleanup: string[]
  /**
   * The demo's containers change on their own while the presenter talks (a ticker, a countdown),
   * so its steps must hold at any pace: the demo tests and the rehearsal wait
   * {@link STAGE_PAUSE_MS} between its clicks.
   */
  timeSensitive: boolean
}

/** How long a presenter may talk between two clicks of a time-sensitive demo, in the tests. */
export const STAGE_PAUSE_MS = 20_000

export class StepListError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`)
    this.name = 'StepListError'
  }
}

function asString(value: unknown, file: string, where: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new StepListError(file, `${where} must be a non-empty string`)
  return value
}

/** Validates a parsed steps.yaml; throws StepListError naming the file and the field. */
export function parseStepList(name: string, text: string, file = `${name}/steps.yaml`): DemoStepList {
  const raw = parse(text) as Record<string, unknown> | null
  if (!raw || typeof raw !== 'object')
    throw new StepListError(file, 'must be a YAML mapping')
  if (!Array.isArray(raw.steps) || raw.steps.length === 0)
    throw new StepListError(file, '"steps" must be a non-empty list')
  const ids = new Set<string>()
  const steps = raw.steps.map((entry: Record<string, unknown>, index: number): DemoStep => {
    const where = `steps[${index}]`
    const id = asString(entry?.id, file, `${where}.id`)
    if (ids.has(id))
      throw new StepListError(file, `${where}.id "${id}" is used twice`)
    ids.add(id)
    const expect = asString(entry.expect, file, `${where}.expect`)
    try {
      new RegExp(expect)
    }
    catch (error) {
      throw new StepListError(file, `${where}.expect is not a valid regular expression: ${(error as Error).message}`)
    }
    const timeout = entry.timeout ?? 30
    if (typeof timeout !== 'number' || timeout <= 0)
      throw new StepListError(file, `${where}.timeout must be a positive number of seconds`)
    return {
      id,
      command: asString(entry.command, file, `${where}.command`).trim(),
      expect,
      timeout,
      ...(typeof entry.note === 'string' ? { note: entry.note } : {}),
    }
  })
  const cleanup = raw.cleanup ?? []
  if (!Array.isArray(cleanup) || cleanup.some(command => typeof command !== 'string'))
    throw new StepListError(file, '"cleanup" must be a list of commands')
  if (raw.timeSensitive !== undefined && typeof raw.timeSensitive !== 'boolean')
    throw new StepListError(file, '"timeSensitive" must be true or false')
  return { name, title: asString(raw.title, file, 'title'), steps, cleanup: cleanup as string[], timeSensitive: raw.timeSensitive === true }
}
