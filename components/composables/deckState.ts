/**
 * The state a deck window keeps about its terminals, in one object: which slide terminals are
 * mounted and what their runs did (TerminalRegistry), whether each terminal plays live or its
 * recording (ReplayModes), and the recordings fetched so far (CastCache).
 *
 * setup/main.ts creates it once per window and provides it to the whole app; components inject it
 * with useDeckState(). Nothing lives in module globals, so a test mounts a component with a fresh
 * one (`global.provide`) and two apps on one page would not share terminals.
 */
import type { App, InjectionKey } from 'vue'
import { inject } from 'vue'
import { CastCache } from '../replay/castSource'
import { ReplayModes } from '../replay/replayModes'
import { TerminalRegistry } from './terminalRegistry'

export interface DeckState {
  terminals: TerminalRegistry
  replayModes: ReplayModes
  casts: CastCache
}

export const DECK_STATE: InjectionKey<DeckState> = Symbol('docker-overview-live:deck-state')

export function createDeckState(): DeckState {
  return { terminals: new TerminalRegistry(), replayModes: new ReplayModes(), casts: new CastCache() }
}

/** Called by setup/main.ts for the deck's app. */
export function provideDeckState(app: App, state: DeckState = createDeckState()): DeckState {
  app.provide(DECK_STATE, state)
  return state
}

/** The window's deck state; throws when nothing provided it (a deck without setup/main.ts). */
export function useDeckState(): DeckState {
  const state = inject(DECK_STATE, undefined)
  if (!state)
    throw new Error('no deck state: setup/main.ts must call provideDeckState(app)')
  return state
}
