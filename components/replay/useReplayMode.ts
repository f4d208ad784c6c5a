/**
 * Live or recording, per terminal id: a slide terminal plays its demo's recording where it cannot
 * run live: no server configured (the static build), the server unreachable, or a step that failed
 * or timed out (that step's recording plays in its place). The presenter sees why and can switch
 * back to live.
 *
 * It wraps the live TerminalConnection in one with the same shape, so run controls (ClickSteps,
 * RunCommand) need not know: in replay a Run request plays that step's recording and reports
 * typing → done (or failed when the recording lacks the step) like the server would.
 */
import type { Terminal } from '@xterm/xterm'
import type { RunRequest, RunStateInfo } from '../../server/protocol'
import type { ConnectionStatus, TerminalConnection } from '../composables/useTerminalConnection'
import { computed, getCurrentScope, onScopeDispose, reactive, watch } from 'vue'
import { bufferText } from '../composables/useXterm'
import { visibleText } from './cast-text'
import { slideStepIds, stepIdOfRun } from './castSource'
import { useCastPlayer } from './useCastPlayer'

export type TerminalMode = 'live' | 'replay'

interface SharedMode {
  mode: TerminalMode
  reason: string
}

/** One entry per terminal id, shared by every slide showing that terminal. */
const modes = reactive(new Map<string, SharedMode>())

function sharedMode(id: string): SharedMode {
  if (!modes.has(id))
    modes.set(id, { mode: 'live', reason: '' })
  return modes.get(id)!
}

/** Whether terminal `id` plays its recording now (reactive): run controls then send runs to it. */
export function isReplaying(id: string): boolean {
  return modes.get(id)?.mode === 'replay'
}

/** The server may drop for a moment (a restart, a laptop waking); give reconnecting this long. */
export const UNREACHABLE_GRACE_MS = 2500

export interface ReplayModeOptions {
  id: string
  demo: string
  /** Name of the recording under casts/, when it is not the demo's. @default demo */
  cast?: string
  live: TerminalConnection
  terminal: () => Terminal | undefined
  /** Creates the xterm if it is not there yet. */
  ensureTerminal: () => Promise<Terminal | undefined>
  /** This terminal's element on its slide, to find the slide's steps. */
  element: () => HTMLElement | undefined
  /** Where run states go (the terminal registry), so run controls see replayed steps too. */
  onRunState: (state: RunStateInfo) => void
  /** Fits the terminal to its box again (replay may have set the recording's size). */
  refit?: () => void
}

export function useReplayMode(options: ReplayModeOptions) {
  const shared = sharedMode(options.id)
  const active = computed(() => shared.mode === 'replay')
  const reason = computed(() => shared.reason)
  const player = useCastPlayer({ demo: options.cast ?? options.demo, terminal: options.terminal })
  /** What this instance currently shows; differs from shared.mode until applyMode() catches up. */
  let shown: TerminalMode = 'live'
  let wanted = false
  let chain: Promise<unknown> = Promise.resolve()
  let graceTimer: ReturnType<typeof setTimeout> | undefined

  /** Replay actions run one after another, in the order asked for. */
  function enqueue(action: () => Promise<unknown>): Promise<unknown> {
    chain = chain.then(action, action).catch(() => {})
    return chain
  }

  function switchToReplay(why: string): void {
    shared.reason = why
    shared.mode = 'replay'
    applyMode()
  }

  function backToLive(): void {
    shared.reason = ''
    shared.mode = 'live'
    applyMode()
  }

  /** Brings this slide's terminal in line with the shared mode. */
  function applyMode(): void {
    if (!wanted)
      return
    if (shared.mode === 'replay' && shown !== 'replay') {
      shown = 'replay'
      options.live.disconnect()
      enqueue(showSlideStart)
    }
    else if (shared.mode === 'live' && shown !== 'live') {
      shown = 'live'
      player.pause()
      options.terminal()?.reset()
      options.refit?.()
      options.live.connect()
    }
  }

  /** The screen as it was before this slide's first step (a later slide starts where the last left off). */
  async function showSlideStart(): Promise<void> {
    const terminal = await options.ensureTerminal()
    if (!terminal || shown !== 'replay')
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
    const stepId = stepIdOfRun(options.demo, request.runId)
    options.onRunState({ runId: request.runId, phase: 'typing' })
    const played = await player.playStep(stepId)
    options.onRunState(played
      ? { runId: request.runId, phase: 'done', reason: 'played from the recording' }
      : { runId: request.runId, phase: 'failed', reason: player.error.value || `the recording has no step "${stepId}"` })
  }

  /** Called with every RunState from the live server: a failed step falls back to its recording. */
  function liveRunState(state: RunStateInfo): void {
    if (shared.mode !== 'live' || (state.phase !== 'failed' && state.phase !== 'timeout'))
      return
    const stepId = stepIdOfRun(options.demo, state.runId)
    const what = state.phase === 'timeout' ? 'timed out' : 'did not show the expected output'
    switchToReplay(`step "${stepId}" ${what}${state.reason ? ` (${state.reason})` : ''}; playing its recording`)
    enqueue(() => playRun({ runId: state.runId, command: '' }))
  }

  /** Falls back when the live connection cannot work: no server configured, or unreachable for a while. */
  function liveStatusChanged(status: ConnectionStatus): void {
    clearTimeout(graceTimer)
    if (!wanted || shared.mode !== 'live')
      return
    if (status === 'unconfigured')
      switchToReplay('no demo server is configured, so this terminal plays a recording')
    else if (status === 'disconnected') {
      graceTimer = setTimeout(() => {
        if (wanted && options.live.status.value === 'disconnected')
          switchToReplay(`cannot reach the demo server${options.live.error.value ? `: ${options.live.error.value}` : ''}`)
      }, UNREACHABLE_GRACE_MS)
    }
  }
  const stopStatusWatch = watch(() => options.live.status.value, liveStatusChanged)
  const stopModeWatch = watch(() => shared.mode, () => applyMode())

  const connection: TerminalConnection = {
    status: computed(() => (active.value ? 'live' : options.live.status.value)),
    error: options.live.error,
    attached: options.live.attached,
    exit: options.live.exit,
    connect() {
      wanted = true
      if (shared.mode === 'replay') {
        shown = 'live'
        applyMode()
      }
      else {
        shown = 'live'
        options.live.connect()
        // Without a server the status is 'unconfigured' from the start, so no change will report it.
        liveStatusChanged(options.live.status.value)
      }
    },
    disconnect() {
      wanted = false
      clearTimeout(graceTimer)
      player.pause()
      options.live.disconnect()
    },
    input: data => !active.value && options.live.input(data),
    resize: size => options.live.resize(size),
    run(request) {
      if (active.value)
        void enqueue(() => playRun(request))
      else
        options.live.run(request)
    },
    restart() {
      if (active.value)
        void enqueue(showSlideStart)
      else
        options.live.restart()
    },
  }

  const unexpose = exposeReplayForTests(options.id, {
    mode: () => shared.mode,
    reason: () => shared.reason,
    state: () => player.state.value,
    step: () => player.step.value,
    text: () => (options.terminal() ? bufferText(options.terminal()!) : ''),
    screen: () => (options.terminal() ? visibleText(options.terminal()!) : ''),
    size: () => ({ cols: options.terminal()?.cols ?? 0, rows: options.terminal()?.rows ?? 0 }),
    element: options.element,
  })

  if (getCurrentScope()) {
    onScopeDispose(() => {
      clearTimeout(graceTimer)
      stopStatusWatch()
      stopModeWatch()
      unexpose()
    })
  }

  return { active, reason, player, connection, switchToReplay, backToLive, liveRunState }
}

export type ReplayMode = ReturnType<typeof useReplayMode>

export interface ReplayProbe {
  mode: () => TerminalMode
  reason: () => string
  state: () => string
  step: () => string | undefined
  /** The whole buffer, scrollback included. */
  text: () => string
  /** The rows on screen only. */
  screen: () => string
  size: () => { cols: number, rows: number }
  element: () => HTMLElement | undefined
}

declare global {
  interface Window {
    /** Read-only view of replaying terminals, for the browser tests of the built deck. */
    __demoReplays?: Map<string, Set<ReplayProbe>>
  }
}

/**
 * Unlike the dev-only terminal probe, this one also exists in the built deck, where the replay is
 * what runs; it only reads what the screen already shows.
 */
function exposeReplayForTests(id: string, probe: ReplayProbe): () => void {
  if (typeof window === 'undefined')
    return () => {}
  window.__demoReplays ??= new Map()
  if (!window.__demoReplays.has(id))
    window.__demoReplays.set(id, new Set())
  window.__demoReplays.get(id)!.add(probe)
  return () => window.__demoReplays?.get(id)?.delete(probe)
}
