/**
 * Checks on the deck's source that need no browser: the slides and the tested demos cannot drift
 * apart (every demo a slide names exists, every runnable command is one of its demo's steps), and
 * every slide carries speaker notes.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, test } from 'vitest'
import { loadStepList } from '../../server/demos/step-list.ts'
import type { DemoStepList } from '../../server/demos/step-list.ts'
import { componentUses, deckSlides, ROOT, stepIdsOf } from './support.ts'
import type { DeckSlide } from './support.ts'

describe('the deck source', () => {
  let slides: DeckSlide[]
  const lists = new Map<string, DemoStepList>()

  async function stepList(demo: string): Promise<DemoStepList> {
    if (!lists.has(demo))
      lists.set(demo, await loadStepList(demo))
    return lists.get(demo)!
  }

  beforeAll(async () => {
    slides = await deckSlides()
  })

  test('is laid out for a 1280x720 projector', () => {
    const headmatter = readFileSync(path.join(ROOT, 'slides.md'), 'utf8').split(/^---$/m)[1]
    assert.match(headmatter, /^canvasWidth: 1280$/m)
    assert.match(headmatter, /^aspectRatio: 16\/9$/m)
    // Unset: the slides type at DEFAULT_TYPE_DELAY_MS, the speed `npm run record` records at.
    assert.doesNotMatch(headmatter, /^demoTypingDelay:/m)
    // Web fonts would be fetched from the internet: the deck must work offline.
    assert.match(headmatter, /^ {2}provider: none$/m)
  })

  test('has speaker notes on every slide', () => {
    const missing = slides.filter(slide => slide.note.trim().length < 40).map(slide => `${slide.no} (${slide.file})`)
    assert.deepEqual(missing, [], `slides without (enough) notes: ${missing.join(', ')}`)
  })

  test('names only demo folders that exist', () => {
    for (const slide of slides) {
      for (const use of [...componentUses(slide.content, 'LiveTerminal'), ...componentUses(slide.content, 'ClickSteps')]) {
        assert.ok(use.demo, `slide ${slide.no}: a terminal or step list without demo=`)
        assert.ok(existsSync(path.join(ROOT, 'demos', use.demo, 'steps.yaml')), `slide ${slide.no}: demos/${use.demo}/steps.yaml does not exist`)
      }
    }
  })

  test('puts each step list next to the terminal it runs in, bound to the same demo', () => {
    for (const slide of slides) {
      const terminals = new Map(componentUses(slide.content, 'LiveTerminal').map(use => [use.id, use.demo]))
      for (const steps of componentUses(slide.content, 'ClickSteps')) {
        assert.ok(terminals.has(steps.terminal), `slide ${slide.no}: ClickSteps terminal="${steps.terminal}" has no LiveTerminal on the slide`)
        assert.equal(terminals.get(steps.terminal), steps.demo, `slide ${slide.no}: ClickSteps and its terminal name different demos`)
      }
    }
  })

  test('shows as runnable only commands from the demo\'s step list', async () => {
    let checked = 0
    for (const slide of slides) {
      const terminals = new Map(componentUses(slide.content, 'LiveTerminal').map(use => [use.id, use.demo]))
      for (const use of componentUses(slide.content, 'ClickSteps')) {
        const list = await stepList(use.demo)
        const known = list.steps.map(step => step.id)
        for (const id of stepIdsOf(use[':steps']) ?? known) {
          assert.ok(known.includes(id), `slide ${slide.no}: demos/${use.demo} has no step "${id}" (it has ${known.join(', ')})`)
          checked++
        }
      }
      for (const use of componentUses(slide.content, 'RunCommand')) {
        const demo = terminals.get(use.terminal)
        assert.ok(demo, `slide ${slide.no}: RunCommand terminal="${use.terminal}" has no LiveTerminal on the slide`)
        const commands = (await stepList(demo)).steps.map(step => step.command)
        assert.ok(commands.includes(use.command), `slide ${slide.no}: "${use.command}" is not a step of demos/${demo}`)
        checked++
      }
    }
    assert.ok(checked > 50, `expected the deck to run many demo steps, found ${checked}`)
  })

  test('runs every step of every demo it shows, each on exactly one slide', async () => {
    const shown = new Map<string, number[]>()
    for (const slide of slides) {
      for (const use of componentUses(slide.content, 'ClickSteps')) {
        const list = await stepList(use.demo)
        for (const id of stepIdsOf(use[':steps']) ?? list.steps.map(step => step.id)) {
          const key = `${use.demo}:${id}`
          shown.set(key, [...(shown.get(key) ?? []), slide.no])
        }
      }
    }
    const demos = new Set([...shown.keys()].map(key => key.split(':')[0]))
    for (const demo of demos) {
      for (const step of (await stepList(demo)).steps) {
        const on = shown.get(`${demo}:${step.id}`) ?? []
        assert.equal(on.length, 1, `step ${demo}:${step.id} is on slides [${on.join(', ')}], expected exactly one`)
      }
    }
  })

  test('imports only demo files and regions that exist', () => {
    for (const slide of slides) {
      for (const match of slide.content.matchAll(/^<<< @\/([^\s#]+)(?:#([\w-]+))?/gm)) {
        const file = path.join(ROOT, match[1])
        assert.ok(existsSync(file), `slide ${slide.no}: imports ${match[1]}, which does not exist`)
        // A region is the lines between `# region NAME` and `# endregion NAME` (Slidev's snippet regions).
        if (match[2])
          assert.match(readFileSync(file, 'utf8'), new RegExp(`^# region ${match[2]}$[\\s\\S]*^# endregion ${match[2]}$`, 'm'), `slide ${slide.no}: ${match[1]} has no region "${match[2]}"`)
      }
    }
  })

  test('uses only diagrams that exist in public/diagrams', () => {
    for (const slide of slides) {
      for (const match of slide.content.matchAll(/src="\/(diagrams\/[^"]+)"/g))
        assert.ok(existsSync(path.join(ROOT, 'public', match[1])), `slide ${slide.no}: ${match[1]} is missing`)
    }
  })
})
