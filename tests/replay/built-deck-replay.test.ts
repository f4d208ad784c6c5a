/**
 * The deck as attendees get it, with no server and no Docker: the `npm run build` output served by
 * a plain static file server and opened in Chromium, where a LIVE slide's terminal plays its demo's
 * recording click by click; and the PDF export, where each LIVE slide shows its final terminal text.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import headlessModule from '@xterm/headless'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, test } from 'vitest'
import { CastPlayback } from '../../components/replay/cast-playback.ts'
import { castScreenText } from '../../components/replay/cast-text.ts'
import { type Cast, parseCast } from '../../server/recording/asciicast.ts'
import { parseEngineTimeline, pictureAt } from '../../server/recording/engine-timeline.ts'
import { componentUses, deckSlides, serveStatic, stepIdsOf } from '../deck/support.ts'
import { builtDeck, exportedDeck, REPO } from '../support/built-deck.ts'
import { openSlide, terminalView, waitForTerminal } from './browser.ts'
import { browserAvailability, CHROMIUM_FLAGS, chromiumPath, skipUnless } from '../support/requirements.ts'

const { Terminal } = headlessModule
const run = promisify(execFile)
const skip = skipUnless(await browserAvailability(), 'REQUIRE_BROWSER')

interface LiveSlide {
  no: number
  terminal: string
  demo: string
  steps: string[]
  cast: Cast
}

/** Every slide with a terminal and a step list whose demo has a committed cast holding those steps. */
async function liveSlides(): Promise<LiveSlide[]> {
  const found: LiveSlide[] = []
  for (const slide of await deckSlides()) {
    for (const use of componentUses(slide.content, 'ClickSteps')) {
      const file = path.join(REPO, 'public/casts', `${use.demo}.cast`)
      if (!existsSync(file))
        continue
      const cast = parseCast(await readFile(file, 'utf8'))
      const steps = stepIdsOf(use[':steps']) ?? cast.events.filter(e => e[1] === 'm').map(e => e[2])
      found.push({ no: slide.no, terminal: use.terminal, demo: use.demo, steps, cast })
    }
  }
  return found
}

/** What the terminal shows after the slide's last step, computed here with xterm's headless twin. */
function expectedScreen(slide: LiveSlide, size: { cols: number, rows: number }): Promise<string> {
  const until = new CastPlayback(slide.cast, { write: () => {}, reset: () => {} }).stepEnd(slide.steps.at(-1)!)
  return castScreenText(slide.cast, s => new Terminal({ ...s, allowProposedApi: true }), { until, ...size })
}

describe.skipIf(skip)('the built deck without a server', () => {
  let slides: LiveSlide[]
  let site: { url: string, close: () => Promise<void> }
  let browser: Browser

  beforeAll(async () => {
    slides = await liveSlides()
    const build = await builtDeck()
    assert.equal(build.error, undefined, `slidev build failed:\n${build.output.slice(-3000)}`)
    assert.ok(existsSync(path.join(build.path, 'casts')), 'the build includes public/casts')
    site = await serveStatic(build.path)
    // The DOM renderer leaves the terminal's rows in the page, to be read as the audience sees them.
    browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_FLAGS, '--disable-webgl'] })
  })

  afterAll(async () => {
    await browser?.close()
    await site?.close()
  })

  test('ships every committed cast and nothing of the server', async () => {
    const build = await builtDeck()
    const casts = (await readdir(path.join(REPO, 'public/casts'))).sort()
    assert.ok(casts.some(name => name.endsWith('.engine.jsonl')), 'the engine timelines are committed beside the casts')
    assert.deepEqual((await readdir(path.join(build.path, 'casts'))).sort(), casts)
    const files = await readdir(build.path, { recursive: true })
    const serverFiles = files.filter(file => /(^|\/)(bashrc|.*\.ts|steps\.yaml)$/.test(file))
    assert.deepEqual(serverFiles, [], 'server or demo files in the static build')
  })

  test('a LIVE slide plays its recording click by click and ends on the recorded final screen', async () => {
    assert.ok(slides.length > 0, 'no LIVE slide has a committed cast (run `npm run record`)')
    const slide = slides.find(s => s.steps.length >= 2) ?? slides[0]
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    await openSlide(page, `${site.url}/${slide.no}`, slide.no)
    await waitForTerminal(page, slide.no, slide.terminal, view => view.mode === 'replay', 30_000)

    // The badge is there at once; the date follows when the cast has loaded.
    const badge = `[data-slidev-no="${slide.no}"] [data-testid="replay-badge"]`
    await page.waitForFunction(selector => /\d{4}-\d\d-\d\d/.test(document.querySelector(selector)?.textContent ?? ''), badge, { timeout: 30_000 })
    assert.match((await page.locator(badge).innerText()).trim(), /^recording · recorded \d{4}-\d\d-\d\d \d\d:\d\d UTC$/)

    await page.locator(`[data-slidev-no="${slide.no}"]`).click({ position: { x: 5, y: 5 } }).catch(() => {})
    let view = await waitForTerminal(page, slide.no, slide.terminal, () => true, 1000)
    for (const step of slide.steps) {
      await page.keyboard.press('ArrowRight')
      view = await waitForTerminal(page, slide.no, slide.terminal, v => v.step === step && v.playback !== 'playing', 60_000)
    }
    // The DOM renderer draws on the next animation frame: give the last rows a moment to appear.
    const expected = await expectedScreen(slide, { cols: view.cols, rows: view.rows })
    const shown = await waitForTerminal(page, slide.no, slide.terminal, v => v.screen === expected, 10_000)
      .catch(() => terminalView(page, slide.no, slide.terminal))
    assert.equal(shown?.screen, expected)
    await page.close()
  }, 180_000)

  test('the engine picture replays in step with the terminal, from the recording\'s timeline', async () => {
    const candidates = await pictureSlides()
    // The slide whose last step leaves the most containers behind shows the picture best.
    const slide = candidates.sort((a, b) => (finalPicture(b)?.containers.length ?? 0) - (finalPicture(a)?.containers.length ?? 0))[0]
    assert.ok(slide, 'a LIVE slide with picture has a recorded engine timeline (run `npm run record`)')
    const expected = (finalPicture(slide)?.containers ?? []).map(container => container.name).sort()
    assert.ok(expected.length > 0, `the timeline of ${slide.demo} has a container at its last step`)

    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    await openSlide(page, `${site.url}/${slide.no}`, slide.no)
    await waitForTerminal(page, slide.no, slide.terminal, view => view.mode === 'replay', 30_000)
    const here = page.locator(`[data-slidev-no="${slide.no}"]`)
    await here.getByRole('button', { name: 'show Docker' }).click()
    await page.locator(`[data-slidev-no="${slide.no}"]`).click({ position: { x: 5, y: 5 } }).catch(() => {})
    for (const step of slide.steps) {
      await page.keyboard.press('ArrowRight')
      await waitForTerminal(page, slide.no, slide.terminal, v => v.step === step && v.playback !== 'playing', 60_000)
    }
    const shown = () => here.locator('[data-engine-picture] .picture-box--container .picture-box__title').allInnerTexts()
    const deadline = Date.now() + 10_000
    let names = (await shown()).map(name => name.trim()).sort()
    while (JSON.stringify(names) !== JSON.stringify(expected) && Date.now() < deadline) {
      await page.waitForTimeout(200)
      names = (await shown()).map(name => name.trim()).sort()
    }
    assert.deepEqual(names, expected, `slide ${slide.no} (${slide.demo}): the containers of the recording at its last step`)
    await page.close()
  }, 180_000)

  /** The LIVE slides whose terminal offers the engine picture and whose demo has a recorded timeline. */
  async function pictureSlides(): Promise<Array<LiveSlide & { timeline: string }>> {
    const found: Array<LiveSlide & { timeline: string }> = []
    for (const slide of slides) {
      const content = (await deckSlides()).find(entry => entry.no === slide.no)?.content ?? ''
      const file = path.join(REPO, 'public/casts', `${slide.demo}.engine.jsonl`)
      if (new RegExp(`<LiveTerminal[^>]*id="${slide.terminal}"[^>]*\\bpicture\\b`).test(content) && existsSync(file))
        found.push({ ...slide, timeline: await readFile(file, 'utf8') })
    }
    return found
  }

  /** The recorded picture as it stands at the end of the slide's last step. */
  function finalPicture(slide: LiveSlide & { timeline: string }) {
    return pictureAt(parseEngineTimeline(slide.timeline),
      new CastPlayback(slide.cast, { write: () => {}, reset: () => {} }).stepEnd(slide.steps.at(-1)!))
  }

  test('the PDF export shows each LIVE slide\'s final terminal text', async () => {
    const pdf = await exportedDeck()
    assert.equal(pdf.error, undefined, `slidev export failed:\n${pdf.output.slice(-3000)}`)
    const squash = (text: string) => text.replace(/\s+/g, ' ').trim()
    for (const slide of slides) {
      // pdftotext is Debian's poppler-utils (installed by .ci/install-system-packages.sh).
      const { stdout } = await run('pdftotext', ['-layout', '-f', String(slide.no), '-l', String(slide.no), pdf.path, '-'])
      const page = squash(stdout)
      const screen = await expectedScreen(slide, { cols: slide.cast.header.width, rows: slide.cast.header.height })
      const lines = screen.split('\n').map(squash).filter(line => line.length > 0)
      const missing = lines.filter(line => !page.includes(line))
      assert.deepEqual(missing, [], `slide ${slide.no} (${slide.terminal}): lines of the final screen missing from the PDF page`)
      assert.match(page, /recording · recorded/)
    }
    // Where the slide offers the engine picture, the page draws it as it stood after the last step.
    let drawn = 0
    for (const slide of await pictureSlides()) {
      const names = (finalPicture(slide)?.containers ?? []).map(container => container.name)
      const { stdout } = await run('pdftotext', ['-f', String(slide.no), '-l', String(slide.no), pdf.path, '-'])
      const page = squash(stdout)
      const missing = names.filter(name => !page.includes(name))
      assert.deepEqual(missing, [], `slide ${slide.no} (${slide.demo}): containers of the final picture missing from the PDF page`)
      drawn += names.length
    }
    assert.ok(drawn > 0, 'some LIVE slide with the picture ends with a container in it')
  }, 600_000)
})
