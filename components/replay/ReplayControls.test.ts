// @vitest-environment happy-dom
/**
 * The replay controls over a real replay: useReplayMode with a recording served from a string
 * and @xterm/headless for the slide's xterm.
 */
import headlessModule from '@xterm/headless'
import type { Terminal } from '@xterm/xterm'
import { enableAutoUnmount, mount } from '@vue/test-utils'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { effectScope, h } from 'vue'
import { formatCast } from '../../server/recording/asciicast.ts'
import { CastCache } from './castSource.ts'
import ReplayControls from './ReplayControls.vue'
import { ReplayModes } from './replayModes.ts'
import { useReplayMode } from './useReplayMode.ts'

const { Terminal: HeadlessTerminal } = headlessModule
const CAST = formatCast({
  header: { version: 2, width: 50, height: 8, timestamp: 1_763_000_000, docker_server: '28.5.1' },
  events: [[0, 'o', 'demos/x $ '], [0.1, 'm', 'one'], [0.2, 'o', 'echo one\r\none\r\ndemos/x $ ']],
})
/** Slidev's build turns <carbon-*> tags into icons; here they are empty. */
const icons = Object.fromEntries(['carbon-play', 'carbon-pause', 'carbon-skip-forward', 'carbon-restart']
  .map(name => [name, { render: () => h('i', { class: name }) }]))

enableAutoUnmount(afterEach)
let scope = effectScope()
afterEach(() => {
  scope.stop()
  scope = effectScope()
})

async function controls(canGoLive: boolean) {
  const modes = new ReplayModes()
  const terminal = new HeadlessTerminal({ cols: 80, rows: 24, allowProposedApi: true }) as unknown as Terminal
  const replay = scope.run(() => useReplayMode({ id: 't-x', demo: 'x', modes, casts: new CastCache(async () => new Response(CAST)),
    terminal: () => terminal, ensureTerminal: async () => terminal, element: () => undefined, onRunState: () => {} }))!
  await replay.player.ready()
  replay.switchToReplay('no demo server is configured, so this terminal plays a recording')
  const wrapper = mount(ReplayControls, { props: { replay, canGoLive }, global: { components: icons } })
  return { modes, replay, wrapper }
}

describe('the replay controls', () => {
  test('say honestly that this is a recording, from when, and against which Docker', async () => {
    const { wrapper } = await controls(false)
    const badge = wrapper.get('[data-testid="replay-badge"]')
    expect(badge.text()).toBe('recording · recorded 2025-11-13 02:13 UTC')
    expect(badge.attributes('title')).toBe('recorded against Docker 28.5.1')
  })

  test('say why the terminal is not live', async () => {
    const { wrapper } = await controls(false)
    expect(wrapper.get('[data-testid="replay-reason"]').text()).toBe('no demo server is configured, so this terminal plays a recording')
  })

  test('cycle the speed through 1×, 2× and instant', async () => {
    const { wrapper, replay } = await controls(false)
    const speed = wrapper.get('.replay-controls__speed')
    expect(speed.text()).toBe('1×')
    await speed.trigger('click')
    expect(speed.text()).toBe('2×')
    await speed.trigger('click')
    expect(speed.text()).toBe('instant')
    expect(replay.player.speed.value).toBe('instant')
    await speed.trigger('click')
    expect(speed.text()).toBe('1×')
  })

  test('offer the way back to live only when a server is configured, and take it', async () => {
    expect((await controls(false)).wrapper.find('.replay-controls__live').exists()).toBe(false)
    const { wrapper, modes } = await controls(true)
    await wrapper.get('.replay-controls__live').trigger('click')
    expect(modes.isReplaying('t-x')).toBe(false)
  })

  test('play on one step per click: the prompt first, then step "one"', async () => {
    const { wrapper, replay } = await controls(false)
    replay.player.setSpeed('instant')
    const next = wrapper.get('button[title="Play the next step"]')
    await next.trigger('click')
    await vi.waitFor(() => expect(wrapper.get('.replay-controls').attributes('data-state')).toBe('paused'))
    expect(replay.player.step.value).toBeUndefined()
    await next.trigger('click')
    await vi.waitFor(() => expect(replay.player.step.value).toBe('one'))
    await vi.waitFor(() => expect(wrapper.get('.replay-controls').attributes('data-state')).toBe('ended'))
  })
})
