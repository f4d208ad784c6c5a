/**
 * Allowlist mode, for a kiosk or a classroom where the deck is left open to anyone: a Run request
 * may only carry a command that appears in the step list (demos/<name>/steps.yaml, steps or
 * cleanup) of the demo its session runs in, and typed input is refused, so every terminal is
 * read-only except for the demo's own commands. Refusals carry DEMO_ERR_COMMAND_NOT_ALLOWED.
 */
import { type DemoStepList, loadAllStepLists } from './demos/step-list.ts'
import { ErrorCode } from './protocol.ts'

export interface AllowlistRefusal {
  code: typeof ErrorCode.CommandNotAllowed
  message: string
}

/** The form in which commands are compared: line endings unified, outer whitespace dropped. */
export function normalizeCommand(command: string): string {
  return command.replace(/\r\n?/g, '\n').trim()
}

/** The step list a session's demo folder belongs to: its first path segment ("compose/web" -> "compose"). */
export function stepListName(demo: string): string {
  return demo.split(/[\\/]+/)[0]
}

export class CommandAllowlist {
  private readonly byDemo = new Map<string, Set<string>>()

  constructor(stepLists: DemoStepList[]) {
    for (const list of stepLists) {
      const commands = new Set([...list.steps.map(step => step.command), ...list.cleanup].map(normalizeCommand))
      this.byDemo.set(list.name, commands)
    }
  }

  /** Reads every demos/<name>/steps.yaml under `demosRoot`. */
  static async load(demosRoot: string): Promise<CommandAllowlist> {
    return new CommandAllowlist(await loadAllStepLists(demosRoot))
  }

  /** The commands a session in `demo` may run, in step-list order. */
  commandsFor(demo: string): string[] {
    return [...(this.byDemo.get(stepListName(demo)) ?? [])]
  }

  /** Undefined when `command` may run in a session of `demo`; otherwise why not. */
  checkRun(demo: string, command: string): AllowlistRefusal | undefined {
    const allowed = this.byDemo.get(stepListName(demo))
    if (!allowed)
      return { code: ErrorCode.CommandNotAllowed, message: `allowlist mode: demos/${stepListName(demo)} has no steps.yaml, so no command may run there` }
    if (allowed.has(normalizeCommand(command)))
      return undefined
    const shown = normalizeCommand(command).slice(0, 80)
    return { code: ErrorCode.CommandNotAllowed, message: `allowlist mode: "${shown}" is not a step of demos/${stepListName(demo)}; only its step-list commands may run` }
  }

  /** Typed keystrokes are always refused in allowlist mode. */
  checkInput(): AllowlistRefusal {
    return { code: ErrorCode.CommandNotAllowed, message: 'allowlist mode: typing is disabled; use the run buttons' }
  }
}
