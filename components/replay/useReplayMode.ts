/**
 * A slide terminal playing its demo's recording in its own xterm: the player, the screen as it was
 * before the slide's first step, and a Run request played as that step's recording, reported as
 * typing → done (or failed when the recording lacks the step) like the server would. Whether to
 * play at all is useSlideTerminal's decision; the mode is shared per terminal id (ReplayModes).
 */
import type { Terminal } from '@xterm/xterm'
import type { RunRequest, RunStateInfo } from '../../server/protocol'
import type { CastCache } from './castSource'
import type { ReplayModes } from './replayModes'
import { computed } from 'vue'
import { stepOfRun } from '../../server/run-id'
import { slideStepIds } from './castSource'
import { useCastPlayer } from './useCastPlayer'

export interface ReplayModeOptions {
  id: string
  demo: string
  /** Name of the recording under casts/, when it is not the demo's. @default demo */
  cast?: string
  modes: ReplayModes
  casts: CastCache
  terminal: () => Terminal | undefined
  /** Creates the xterm if it is not there yet. */
  ensureTerminal: () => Promise<Terminal | undefined>
  /** This terminal's element on its slide, to find the slide's steps. */
  element: () => HTMLElement | undefined
  /** Where replayed run states go (the terminal registry), so run controls see them too. */
  onRunState: (state: RunStateInfo) => void
}

export function useReplayMode(options: ReplayModeOptions) {
  const shared = options.modes.of(options.id)
  const active = computed(() => shared.mode === 'replay')
  const reason = computed(() => shared.reason)
  const player = useCastPlayer({ demo: options.cast ?? options.demo, casts: options.casts, terminal: options.terminal })
  let chain: Promise<unknown> = Promise.resolve()
  /** Cleared by stop(), so a queued slide start does not draw over a terminal that went live. */
  let showing = false

  /** Replay actions run one after another, in the order asked for. */
  function enqueue(action: () => Promise<unknown>): Promise<unknown> {
    chain = chain.then(action, action).catch(() => {})
    return chain
  }

  /** The screen as it was before this slide's first step (a later slide starts where the last left off). */
  async function showSlideStart(): Promise<void> {
    const terminal = await options.ensureTerminal()
    if (!terminal || !showing)
      return
    const cast = await player.ready().then(() => player.cast.value)
    // Bash wrapped the typed commands at the recorded width; play at that size to look the same.
    if (cast && (terminal.cols !== cast.header.width || terminal.rows !== cast.header.height))
      terminal.resize(cast.header.width, cast.header.height)
    await player.showBefore(slideStepIds(options.element(), options.id)[0])
    if (player.error.value)
      terminal.write(`\r\n\u001B[2m[${player.error.value}]\u001B[0m\r\n`)
  }

  async function playRun(request: RunRequest): Promise<void> {
    const stepId = stepOfRun(options.demo, request.runId)
    options.onRunState({ runId: request.runId, phase: 'typing' })
    const played = await player.playStep(stepId)
    options.onRunState(played
      ? { runId: request.runId, phase: 'done', reason: 'played from the recording' }
      : { runId: request.runId, phase: 'failed', reason: player.error.value || `the recording has no step "${stepId}"` })
  }

  return {
    active,
    reason,
    player,
    /** Switches every slide showing this terminal to its recording, saying why. */
    switchToReplay(why: string): void {
      shared.reason = why
      shared.mode = 'replay'
    },
    /** Switches every slide showing this terminal back to live. */
    backToLive(): void {
      shared.reason = ''
      shared.mode = 'live'
    },
    /** Starts showing the recording on this slide, from the slide's first step. */
    start(): void {
      showing = true
      void enqueue(showSlideStart)
    },
    /** Stops showing it here (the slide was left, or the terminal went live). */
    stop(): void {
      showing = false
      player.pause()
    },
    /** Plays a Run request's step, after whatever is playing. */
    run(request: RunRequest): void {
      void enqueue(() => playRun(request))
    },
    /** Back to the slide's start. */
    restart(): void {
      void enqueue(showSlideStart)
    },
  }
}

export type ReplayMode = ReturnType<typeof useReplayMode>
