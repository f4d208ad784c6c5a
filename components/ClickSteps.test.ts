// @vitest-environment happy-dom
/**
 * The step list as a presenter sees it, rendered by the real component against a real terminal
 * registry and a real steps.yaml; Slidev's context is a stand-in (support/slidev-stub.ts), and the
 * terminal it types into is a recorder of the Run requests it is handed.
 */
import { enableAutoUnmount, mount } from '@vue/test-utils'
import { ref } from 'vue'
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { loadStepList } from '../server/demos/step-list.ts'
import type { RunRequest } from '../server/protocol.ts'
import { stepRunId } from '../server/run-id.ts'
import ClickSteps from './ClickSteps.vue'
import { createDeckState, DECK_STATE, type DeckState } from './composables/deckState.ts'
import type { TerminalConnection } from './composables/useTerminalConnection.ts'
import { resetSlide, slide } from './support/slidev-stub.ts'

vi.mock('@slidev/client', async () => (await import('./support/slidev-stub.ts')).slidevStub)

const DEMO = 'python-versions'
const TERMINAL = 't-steps'
let commands: string[]
let deck: DeckState
let sent: RunRequest[]

beforeAll(async () => {
  commands = (await loadStepList(DEMO)).steps.map(step => step.command)
})
beforeEach(() => {
  resetSlide()
  deck = createDeckState()
  sent = []
})
enableAutoUnmount(afterEach)

/** The terminal side: counts as attached and keeps every Run it is asked for. */
function terminalThatRecordsRuns(): TerminalConnection {
  return { status: ref('live'), error: ref(''), attached: ref(), exit: ref(), connect: () => {}, disconnect: () => {},
    input: () => {}, resize: () => {}, run: request => sent.push(request), restart: () => {} }
}

function stepList() {
  return mount(ClickSteps, { props: { terminal: TERMINAL, demo: DEMO }, global: { provide: { [DECK_STATE as symbol]: deck } } })
}

/** A terminal that can run the steps: here, one that plays its recording (no server in tests). */
function runnableTerminal(): void {
  deck.replayModes.of(TERMINAL).mode = 'replay'
  deck.terminals.register(TERMINAL, terminalThatRecordsRuns())
}

/** Advances the slide one click at a time, as a presenter does. */
async function clickTo(wrapper: ReturnType<typeof stepList>, clicks: number): Promise<void> {
  while (slide.clicks < clicks) {
    slide.clicks++
    await wrapper.vm.$nextTick()
  }
}

const rows = (wrapper: ReturnType<typeof stepList>) => wrapper.findAll('li')
const state = (wrapper: ReturnType<typeof stepList>, index: number) => rows(wrapper)[index].attributes('data-status')

describe('the click-driven step list', () => {
  test('lists every command of the demo, numbered, in full', () => {
    const wrapper = stepList()
    expect(rows(wrapper).map(row => row.get('code').text())).toEqual(commands)
    expect(rows(wrapper).map(row => row.get('.marker').text())).toEqual(commands.map((_, i) => String(i + 1)))
  })

  test('off a live slide (overview, next-slide preview, print) its rows cannot be clicked', () => {
    for (const context of [{ renderContext: 'overview' }, { renderContext: 'previewNext' }, { printMode: true }]) {
      resetSlide()
      Object.assign(slide, context)
      const buttons = stepList().findAll('button')
      expect(buttons.every(button => button.attributes('disabled') !== undefined), JSON.stringify(context)).toBe(true)
    }
  })

  test('without a server a forward click runs nothing and says the commands are only listed', async () => {
    const wrapper = stepList()
    slide.clicks = 1
    await wrapper.vm.$nextTick()
    expect(wrapper.text()).toContain('No demo server: commands are listed, not run.')
    expect(state(wrapper, 0)).toBe('idle')
  })

  test('a forward click sends the next step, and its row follows the run to done', async () => {
    runnableTerminal()
    const wrapper = stepList()
    slide.clicks = 1
    await wrapper.vm.$nextTick()
    expect(sent.map(run => run.runId)).toEqual([stepRunId(DEMO, 'version-313')])
    expect(sent[0].command).toBe(commands[0])
    expect(state(wrapper, 0)).toBe('sent')

    deck.terminals.recordRunState(TERMINAL, { runId: sent[0].runId, phase: 'typing' })
    await wrapper.vm.$nextTick()
    expect(rows(wrapper)[0].get('.state').text()).toBe('typing…')
    deck.terminals.recordRunState(TERMINAL, { runId: sent[0].runId, phase: 'done' })
    await wrapper.vm.$nextTick()
    expect(state(wrapper, 0)).toBe('done')
    expect(rows(wrapper)[0].classes()).toContain('is-done')
  })

  test('the next step waits for the previous one to be done', async () => {
    runnableTerminal()
    const wrapper = stepList()
    await clickTo(wrapper, 2)
    expect(sent.map(run => run.runId)).toEqual([stepRunId(DEMO, 'version-313')])
    expect(rows(wrapper)[1].get('.state').text()).toBe('waits for the previous step')
    deck.terminals.recordRunState(TERMINAL, { runId: sent[0].runId, phase: 'done' })
    await wrapper.vm.$nextTick()
    expect(sent.map(run => run.runId)).toEqual([stepRunId(DEMO, 'version-313'), stepRunId(DEMO, 'version-311')])
  })

  test('a failed step halts the list, says so, and its row runs it again as a retry', async () => {
    runnableTerminal()
    const wrapper = stepList()
    await clickTo(wrapper, 2)
    deck.terminals.recordRunState(TERMINAL, { runId: sent[0].runId, phase: 'failed', reason: 'no Python 3.13' })
    await wrapper.vm.$nextTick()
    expect(rows(wrapper)[0].get('.state').text()).toBe('expected output did not appear')
    expect(wrapper.text()).toContain('A step did not finish as expected; click a row to go on by hand.')
    expect(sent).toHaveLength(1)

    await rows(wrapper)[0].get('button').trigger('click')
    expect(sent.at(-1)?.runId).toBe(stepRunId(DEMO, 'version-313', 1))
    expect(state(wrapper, 0)).toBe('sent')
  })
})
