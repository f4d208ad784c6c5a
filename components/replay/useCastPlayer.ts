/**
 * Plays a demo's recording in the slide's own xterm (no second player): Vue refs around
 * CastPlayback. Steps follow the slide's clicks: `playStep("pull")` shows everything before step
 * "pull" at once if needed, then plays that step at the chosen speed.
 */
import type { Terminal } from '@xterm/xterm'
import type { Cast } from '../../server/recording/asciicast'
import { getCurrentScope, onScopeDispose, ref, shallowRef } from 'vue'
import { CastPlayback, type PlaybackSpeed, type PlaybackState } from './cast-playback'
import type { CastCache } from './castSource'

export interface CastPlayerOptions {
  demo: string
  /** The window's casts, fetched once each. */
  casts: CastCache
  /** The slide terminal to write into; undefined until xterm has loaded. */
  terminal: () => Terminal | undefined
  /** Longest pause between events, in seconds. @default the cast's idle_time_limit, else 1.5 */
  idleTimeLimit?: number
}

export function useCastPlayer(options: CastPlayerOptions) {
  const cast = shallowRef<Cast>()
  const error = ref('')
  const state = ref<PlaybackState>('paused')
  const speed = ref<PlaybackSpeed>(1)
  /** Label of the last marker written (the step on screen), if any. */
  const step = ref<string>()
  /** How many of the cast's events are on screen (CastPlayback.position). */
  const position = ref(0)
  let playback: CastPlayback | undefined
  if (getCurrentScope())
    onScopeDispose(() => playback?.dispose())

  function sync(p: CastPlayback): void {
    state.value = p.state
    position.value = p.position
    let label: string | undefined
    for (let i = Math.min(p.position, p.length) - 1; i >= 0 && label === undefined; i--) {
      if (p.cast.events[i][1] === 'm')
        label = p.cast.events[i][2]
    }
    step.value = label
  }

  /** Loads the cast (once) and binds it to the terminal; resolves to undefined when it cannot. */
  async function ready(): Promise<CastPlayback | undefined> {
    if (playback)
      return playback
    try {
      const loaded = await options.casts.load(options.demo)
      const terminal = options.terminal()
      if (!terminal)
        return undefined
      cast.value = loaded
      error.value = ''
      playback ??= new CastPlayback(loaded, {
        write: data => terminal.write(data),
        reset: () => terminal.reset(),
      }, { idleTimeLimit: options.idleTimeLimit, speed: speed.value, onChange: sync })
      return playback
    }
    catch (cause) {
      error.value = (cause as Error).message
      return undefined
    }
  }

  /** Starts from an empty screen and shows everything before step `stepId` (or the whole cast). */
  async function showBefore(stepId: string | undefined): Promise<void> {
    const p = await ready()
    if (!p)
      return
    const index = stepId === undefined ? -1 : p.markerIndex(stepId)
    p.restart()
    p.seek(index >= 0 ? index : p.length)
  }

  /** Plays step `stepId`; false when the recording has no such step. */
  async function playStep(stepId: string): Promise<boolean> {
    const p = await ready()
    const start = p?.markerIndex(stepId) ?? -1
    if (!p || start < 0)
      return false
    if (p.position !== start)
      p.seek(start)
    await p.play(p.stepEnd(stepId))
    return true
  }

  /** Plays on from here to the next marker (one click's worth). */
  async function playToNextMarker(): Promise<void> {
    const p = await ready()
    if (p)
      await p.play(p.nextMarkerAfter(p.position))
  }

  return {
    cast,
    error,
    state,
    speed,
    step,
    position,
    ready,
    showBefore,
    playStep,
    playToNextMarker,
    /** Plays on to the end of the recording. */
    play: async () => void (await ready())?.play(),
    pause: () => playback?.pause(),
    restart: () => playback?.restart(),
    finish: () => playback?.finish(),
    setSpeed(value: PlaybackSpeed) {
      speed.value = value
      playback?.setSpeed(value)
    },
  }
}

export type CastPlayer = ReturnType<typeof useCastPlayer>
