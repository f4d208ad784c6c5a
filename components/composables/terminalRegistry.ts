/**
 * Terminal id → the slide terminals showing it in this window, so a run control (RunCommand, or a
 * click-driven step list) can reach its terminal by name. Two slides may show the same terminal id;
 * any attached one will do, because the server runs a runId once per session and sends the run's
 * progress to every attached client. One registry per deck window (see deckState.ts).
 */
import type { RunRequest, RunStateInfo } from '../../server/protocol'
import type { TerminalConnection } from './useTerminalConnection'
import { reactive } from 'vue'

interface TerminalEntry {
  connections: Set<TerminalConnection>
  /** Runs asked for before any connection of this terminal existed in this window. */
  waiting: Map<string, RunRequest>
}

export class TerminalRegistry {
  private readonly entries = new Map<string, TerminalEntry>()
  /** Latest state of every run seen in this window, per terminal id then run id (reactive). */
  private readonly runStates = reactive(new Map<string, Map<string, RunStateInfo>>())
  /** Runs this window saw typing or running (as opposed to learning of them only once finished). */
  private readonly seenActive = new Set<string>()

  /** Adds a connection under its terminal id; returns the function that removes it again. */
  register(id: string, connection: TerminalConnection): () => void {
    const entry = this.entryFor(id)
    entry.connections.add(connection)
    for (const request of entry.waiting.values())
      connection.run(request)
    entry.waiting.clear()
    return () => {
      entry.connections.delete(connection)
    }
  }

  /** The best connection for a terminal id: an attached one if any, else any registered one. */
  find(id: string): TerminalConnection | undefined {
    const connections = [...(this.entries.get(id)?.connections ?? [])]
    return connections.find(c => c.status.value === 'live') ?? connections.find(c => c.status.value !== 'idle') ?? connections[0]
  }

  /** Asks the terminal to run a command; if it is not on a slide yet, the run waits for it. */
  requestRun(id: string, request: RunRequest): void {
    const connection = this.find(id)
    if (connection)
      connection.run(request)
    else
      this.entryFor(id).waiting.set(request.runId, request)
  }

  /** Called by a terminal for every RunState it receives (from the server, or from its recording). */
  recordRunState(id: string, state: RunStateInfo): void {
    if (state.phase === 'typing' || state.phase === 'running')
      this.seenActive.add(`${id}\n${state.runId}`)
    if (!this.runStates.has(id))
      this.runStates.set(id, new Map())
    // Read it back through the reactive map so the write below is tracked.
    this.runStates.get(id)!.set(state.runId, state)
  }

  /**
   * Whether this window watched the run while it was under way. A run id whose first news is "done"
   * was carried out before this window attached (it was reloaded, or opened later), so a click that
   * meant "run" must move on to the next number instead of being swallowed by the server's dedupe.
   */
  sawRunActive(id: string, runId: string): boolean {
    return this.seenActive.has(`${id}\n${runId}`)
  }

  runState(id: string, runId: string): RunStateInfo | undefined {
    return this.runStates.get(id)?.get(runId)
  }

  /** Run ids on this terminal whose id starts with `prefix`, finished or not (for "run again" numbering). */
  runsWithPrefix(id: string, prefix: string): RunStateInfo[] {
    return [...(this.runStates.get(id)?.values() ?? [])].filter(state => state.runId.startsWith(prefix))
  }

  private entryFor(id: string): TerminalEntry {
    let entry = this.entries.get(id)
    if (!entry) {
      entry = { connections: new Set(), waiting: new Map() }
      this.entries.set(id, entry)
    }
    return entry
  }
}
