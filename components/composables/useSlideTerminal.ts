/**
 * A slide terminal's one connection, live or replaying: it talks to the demo server where it can,
 * and plays its demo's recording where it cannot (no server configured, as in the static build;
 * the server unreachable for a while; a step that failed or timed out plays its recording in its
 * place). Run controls and the component see one TerminalConnection either way; the presenter sees
 * why, and can go back to live.
 *
 * It connects only while its slide is live and current (or next to the current one once connected,
 * see sessionGate.ts), and registers with the window's TerminalRegistry so run controls find it.
 */
import type { Terminal } from '@xterm/xterm'
import type { RunStateInfo } from '../../server/protocol'
import type { TerminalMode } from '../replay/replayModes'
import type { DeckState } from './deckState'
import type { LiveSlide } from './useLiveSlide'
import type { ConnectionStatus, TerminalConnection } from './useTerminalConnection'
import { computed, getCurrentScope, nextTick, onScopeDispose, watch } from 'vue'
import { isFailedPhase } from '../../server/protocol'
import { stepOfRun } from '../../server/run-id'
import { useReplayMode } from '../replay/useReplayMode'
import { shouldConnect } from './sessionGate'
import { useTerminalConnection } from './useTerminalConnection'

/** The server may drop for a moment (a restart, a laptop waking); give reconnecting this long. */
export const UNREACHABLE_GRACE_MS = 2500

export interface SlideTerminalOptions {
  id: string
  demo: string
  /** Name of the recording under casts/, when it is not the demo's. @default demo */
  cast?: string
  readOnly?: boolean
  /** The terminal endpoint with its token; undefined when no demo server is configured. */
  url: string | undefined
  deck: DeckState
  slide: LiveSlide
  /** The slide's xterm; undefined until it has loaded. */
  terminal: () => Terminal | undefined
  /** Creates the xterm if it is not there yet. */
  ensureTerminal: () => Promise<Terminal | undefined>
  /** Fits the xterm to its box (before the size is sent, and after a recording set its own size). */
  refit: () => void
  /** This terminal's element on its slide, to find the slide's steps. */
  element: () => HTMLElement | undefined
  /** For tests in Node 20, which has no global WebSocket. @default globalThis.WebSocket */
  WebSocket?: typeof WebSocket
}

export function useSlideTerminal(options: SlideTerminalOptions) {
  const { id, deck } = options
  const recordRunState = (state: RunStateInfo) => deck.terminals.recordRunState(id, state)
  const socket = useTerminalConnection({
    session: id,
    demo: options.demo,
    readOnly: options.readOnly,
    url: options.url,
    sink: {
      write: (data, rendered) => {
        const terminal = options.terminal()
        return terminal ? terminal.write(data, rendered) : rendered?.()
      },
      reset: () => options.terminal()?.reset(),
    },
    size: () => ({ cols: options.terminal()?.cols ?? 80, rows: options.terminal()?.rows ?? 24 }),
    onRunState: (state) => {
      recordRunState(state)
      liveRunState(state)
    },
    WebSocket: options.WebSocket,
  })
  const replay = useReplayMode({ id, demo: options.demo, cast: options.cast, modes: deck.replayModes, casts: deck.casts,
    terminal: options.terminal, ensureTerminal: options.ensureTerminal, element: options.element, onRunState: recordRunState })
  const mode = computed<TerminalMode>(() => (replay.active.value ? 'replay' : 'live'))

  /** Whether this slide wants its terminal (connect() was called and disconnect() not since). */
  let wanted = false
  /** What this slide shows; differs from `mode` until applyMode() catches up. */
  let shown: TerminalMode = 'live'
  let graceTimer: ReturnType<typeof setTimeout> | undefined

  /** Brings this slide's terminal in line with the shared mode. */
  function applyMode(): void {
    if (!wanted || shown === mode.value)
      return
    shown = mode.value
    if (shown === 'replay') {
      socket.disconnect()
      replay.start()
    }
    else {
      replay.stop()
      options.terminal()?.reset()
      options.refit()
      socket.connect()
    }
  }

  /** Switches at once, so that what is queued next plays after this slide's start is shown. */
  function switchToReplay(why: string): void {
    replay.switchToReplay(why)
    applyMode()
  }

  /** Every RunState from the server: a failed step falls back to its recording. */
  function liveRunState(state: RunStateInfo): void {
    if (mode.value !== 'live' || !isFailedPhase(state.phase))
      return
    const what = state.phase === 'timeout' ? 'timed out' : 'did not show the expected output'
    switchToReplay(`step "${stepOfRun(options.demo, state.runId)}" ${what}${state.reason ? ` (${state.reason})` : ''}; playing its recording`)
    replay.run({ runId: state.runId, command: '' })
  }

  function stopGrace(): void {
    clearTimeout(graceTimer)
    graceTimer = undefined
  }

  /**
   * Falls back when the live connection cannot work: no server configured, or unreachable for
   * UNREACHABLE_GRACE_MS. The grace runs on through the reconnect attempts (connecting, failing,
   * connecting again) and ends only when the terminal is attached or let go.
   */
  function socketStatusChanged(status: ConnectionStatus): void {
    if (!wanted || mode.value !== 'live' || (status !== 'disconnected' && status !== 'connecting'))
      stopGrace()
    if (!wanted || mode.value !== 'live')
      return
    if (status === 'unconfigured')
      switchToReplay('no demo server is configured, so this terminal plays a recording')
    else if (status === 'disconnected' && graceTimer === undefined) {
      graceTimer = setTimeout(() => {
        graceTimer = undefined
        const now = socket.status.value
        if (wanted && mode.value === 'live' && (now === 'disconnected' || now === 'connecting'))
          switchToReplay(`cannot reach the demo server${socket.error.value ? `: ${socket.error.value}` : ''}`)
      }, UNREACHABLE_GRACE_MS)
    }
  }

  watch(socket.status, socketStatusChanged)
  watch(mode, applyMode)

  const connection: TerminalConnection = {
    // A replaying terminal is ready for runs: the registry and run controls treat it as attached.
    status: computed(() => (mode.value === 'replay' ? 'live' : socket.status.value)),
    error: socket.error,
    attached: socket.attached,
    exit: socket.exit,
    connect() {
      wanted = true
      shown = 'live'
      if (mode.value === 'replay') {
        applyMode()
        return
      }
      socket.connect()
      // Without a server the status is 'unconfigured' from the start, so no change will report it.
      socketStatusChanged(socket.status.value)
    },
    disconnect() {
      wanted = false
      stopGrace()
      replay.stop()
      socket.disconnect()
    },
    input: data => mode.value === 'live' && socket.input(data),
    resize: size => socket.resize(size),
    run: request => (mode.value === 'replay' ? replay.run(request) : socket.run(request)),
    restart: () => (mode.value === 'replay' ? replay.restart() : socket.restart()),
  }

  /**
   * Call once the slide is mounted, and only on a live slide: registers the terminal with the
   * window's registry and connects while the slide is near.
   */
  function activate(): void {
    onScopeDispose(deck.terminals.register(id, connection))
    const near = computed(() => shouldConnect({
      renderContext: options.slide.renderContext.value,
      printMode: options.slide.printMode.value,
      page: options.slide.page.value,
      currentPage: options.slide.currentPage.value,
      connected: socket.status.value !== 'idle',
    }))
    watch(near, async (connect) => {
      if (!connect) {
        connection.disconnect()
        return
      }
      await nextTick()
      await options.ensureTerminal()
      // The slide may have become visible just now; fit before the size is sent in Attach.
      options.refit()
      if (near.value)
        connection.connect()
    }, { immediate: true })
  }

  if (getCurrentScope())
    onScopeDispose(stopGrace)

  return {
    /** Live or replaying, whichever is active: what the xterm, the bar and run controls use. */
    connection,
    mode,
    /** The demo server connection's own state, for the status badge while live. */
    socketStatus: socket.status,
    /** The recording's player and why it plays, for the replay controls. */
    replay,
    activate,
  }
}

export type SlideTerminal = ReturnType<typeof useSlideTerminal>
