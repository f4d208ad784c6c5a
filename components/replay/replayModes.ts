/**
 * Live or recording, per terminal id, shared by every slide of the window that shows that terminal:
 * when one slide falls back to the recording, the next slide with the same terminal plays it too,
 * until the presenter goes back to live. One set per deck window (see deckState.ts).
 */
import { reactive } from 'vue'

export type TerminalMode = 'live' | 'replay'

export interface SharedMode {
  mode: TerminalMode
  /** Why the terminal plays its recording, in words; empty while live. */
  reason: string
}

export class ReplayModes {
  private readonly modes = reactive(new Map<string, SharedMode>())

  /** The (reactive) mode of terminal `id`, live until something switches it. */
  of(id: string): SharedMode {
    if (!this.modes.has(id))
      this.modes.set(id, { mode: 'live', reason: '' })
    return this.modes.get(id)!
  }

  /** Whether terminal `id` plays its recording now (reactive): run controls then send runs to it. */
  isReplaying(id: string): boolean {
    return this.modes.get(id)?.mode === 'replay'
  }
}
