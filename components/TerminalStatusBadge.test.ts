// @vitest-environment happy-dom
import { enableAutoUnmount, mount } from '@vue/test-utils'
import { afterEach, describe, expect, test } from 'vitest'
import type { ConnectionStatus } from './composables/useTerminalConnection.ts'
import TerminalStatusBadge from './TerminalStatusBadge.vue'

enableAutoUnmount(afterEach)

function badge(props: { status: ConnectionStatus, error?: string, exitCode?: number }) {
  // tsc reads a .vue file as a component of unknown props (components/env.d.ts); vue-tsc is not used.
  return mount(TerminalStatusBadge, { props: props as object })
}

describe('the terminal status badge', () => {
  test('says in a word where the connection stands', () => {
    expect(badge({ status: 'idle' }).text()).toBe('waiting')
    expect(badge({ status: 'unconfigured' }).text()).toBe('no server')
    expect(badge({ status: 'connecting' }).text()).toBe('connecting')
    expect(badge({ status: 'live' }).text()).toBe('live')
  })

  test('gives an ended shell\'s exit code', () => {
    expect(badge({ status: 'ended', exitCode: 130 }).text()).toBe('ended (130)')
    expect(badge({ status: 'ended' }).text()).toBe('ended')
  })

  test('shows the server\'s error beside the word, but not once live again', () => {
    const error = 'DEMO_ERR_TOO_MANY_SESSIONS: 16 sessions already run'
    const down = badge({ status: 'disconnected', error })
    expect(down.find('.terminal-status__error').text()).toBe(error)
    expect(down.attributes('title')).toBe(error)
    expect(badge({ status: 'live', error }).find('.terminal-status__error').exists()).toBe(false)
  })

  test('carries its state for the dot\'s colour', () => {
    expect(badge({ status: 'disconnected' }).attributes('data-status')).toBe('disconnected')
  })
})
