/**
 * The four image-listing steps must pass whichever table the presenter's Docker prints: REPOSITORY
 * and TAG columns (up to Docker 28) or the collapsed tree with one IMAGE column (Docker 29's default).
 * Each step's expect pattern is run, the way the server runs it (escape sequences removed by the
 * prompt watcher), against real captures of both forms (fixtures/capture-image-listings.ts).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { loadStepList } from '../../server/demos/step-list.ts'
import { PromptWatcher } from '../../server/prompt-watcher.ts'

interface Capture { demo: string, step: string, form: 'table' | 'tree', command: string, output: string }
const { captures } = JSON.parse(readFileSync(new URL('./fixtures/image-listings.json', import.meta.url), 'utf8')) as { captures: Capture[] }

/** The text the run queue matches a step's pattern against, for this output. */
function watchedText(output: string): string {
  const watcher = new PromptWatcher()
  let text = ''
  watcher.watchCommand((seen) => { text = seen })
  watcher.feed(new TextEncoder().encode(output))
  return text
}

async function pattern(demo: string, step: string): Promise<RegExp> {
  const found = (await loadStepList(demo)).steps.find(candidate => candidate.id === step)
  if (!found)
    throw new Error(`${demo} has no step ${step}`)
  return new RegExp(found.expect, 'm')
}

describe('image-listing steps on every Docker output form', () => {
  test('the captures hold both forms of all four steps', () => {
    const keys = captures.map(capture => `${capture.demo}/${capture.step}/${capture.form}`).sort()
    expect(keys).toEqual([
      'first-dockerfile/images/table', 'first-dockerfile/images/tree', 'first-dockerfile/tag/table', 'first-dockerfile/tag/tree',
      'run-basics/images/table', 'run-basics/images/tree', 'run-basics/tag/table', 'run-basics/tag/tree',
    ])
    expect(captures.find(capture => capture.form === 'tree')!.output).toContain('CONTENT SIZE')
    expect(captures.find(capture => capture.form === 'table')!.output).toContain('REPOSITORY')
  })

  for (const capture of captures) {
    test(`${capture.demo} ${capture.step} matches the ${capture.form} form`, async () => {
      expect(watchedText(capture.output)).toMatch(await pattern(capture.demo, capture.step))
    })
  }

  test('a tag step does not pass before its second name exists', async () => {
    const before = captures.filter(capture => capture.demo === 'first-dockerfile' && capture.step === 'images')
    const tag = await pattern('first-dockerfile', 'tag')
    for (const capture of before)
      expect(watchedText(capture.output)).not.toMatch(tag)
  })

  test('the listing of one repository does not pass for another', async () => {
    const greeter = captures.filter(capture => capture.demo === 'first-dockerfile')
    const debian = await pattern('run-basics', 'images')
    for (const capture of greeter)
      expect(watchedText(capture.output)).not.toMatch(debian)
  })
})
