/**
 * The talk at two lengths from one set of slides: every section's notes give its time budget, the
 * budgets add up to about two hours in full and 45 minutes short, the short talk leaves out
 * exactly the slides marked `optional: true` and keeps or drops each LIVE demo as a whole, and
 * `TALK_VERSION=short` gives the short talk in the built deck, its presenter view and the PDF.
 */
import { execFile } from 'node:child_process'
import { mkdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import setupPreparser, { OPTIONAL_NOTE, shownIn, talkVersion } from '../../setup/preparser.ts'
import { openSlide } from '../replay/browser.ts'
import { browserAvailability, CHROMIUM_FLAGS, chromiumPath, skipUnless } from '../support/requirements.ts'
import type { DeckSlide } from './support.ts'
import { componentUses, deckSlides, ROOT, serveStatic } from './support.ts'

const run = promisify(execFile)
const SLIDEV = path.join(ROOT, 'node_modules/.bin/slidev')
const BUDGET = /^Time budget: full (\d+) min · short (\d+) min\.$/m

const browserSkip = skipUnless(await browserAvailability(), 'REQUIRE_BROWSER')

let slides: DeckSlide[]
beforeAll(async () => {
  slides = await deckSlides()
})

/** The section (its cover slide's title) each slide belongs to. */
function sections(): Array<{ cover: DeckSlide, members: DeckSlide[] }> {
  const found: Array<{ cover: DeckSlide, members: DeckSlide[] }> = []
  for (const slide of slides) {
    if (slide.frontmatter.layout === 'section')
      found.push({ cover: slide, members: [] })
    found.at(-1)?.members.push(slide)
  }
  return found
}

const optional = (slide: DeckSlide): boolean => !shownIn('short', slide.frontmatter)

describe('the talk\'s pacing', () => {
  test('gives every section a time budget in its notes, about 2 h in full and 45 min short', () => {
    let full = 0
    let short = 0
    for (const { cover, members } of sections()) {
      const budget = cover.note.match(BUDGET)
      expect(budget, `slide ${cover.no} (a section cover) has no "Time budget: full N min · short M min." line`).not.toBeNull()
      full += Number(budget![1])
      short += Number(budget![2])
      // A section with no time in the short talk has no slide in it either, and the other way round.
      expect(Number(budget![2]) === 0, `slide ${cover.no}: short budget ${budget![2]} min, yet ${members.filter(m => !optional(m)).length} of its slides are in the short talk`)
        .toBe(members.every(optional))
    }
    expect(sections().length).toBe(7)
    expect(full).toBeGreaterThanOrEqual(110)
    expect(full).toBeLessThanOrEqual(130)
    expect(short).toBeGreaterThanOrEqual(40)
    expect(short).toBeLessThanOrEqual(50)
  })

  test('leaves out of the short talk only slides marked optional, and each LIVE demo whole or not at all', () => {
    const kept = slides.filter(slide => !optional(slide))
    expect(kept.length).toBeGreaterThan(20)
    expect(kept.length).toBeLessThan(slides.length - 20)
    const byDemo = new Map<string, DeckSlide[]>()
    for (const slide of slides) {
      for (const use of [...componentUses(slide.content, 'LiveTerminal'), ...componentUses(slide.content, 'ClickSteps')])
        byDemo.set(use.demo, [...new Set([...(byDemo.get(use.demo) ?? []), slide])])
    }
    for (const [demo, on] of byDemo) {
      const skipped = on.filter(optional).map(slide => slide.no)
      expect(skipped.length === 0 || skipped.length === on.length, `demos/${demo}: optional on slides ${skipped.join(', ')}, kept on ${on.filter(s => !optional(s)).map(s => s.no).join(', ')}; a kept step could depend on a skipped one`)
        .toBe(true)
    }
    // The talk still opens and closes the same way.
    expect(optional(slides[0])).toBe(false)
    expect(optional(slides.at(-1)!)).toBe(false)
  })

  test('takes the version from TALK_VERSION, then the headmatter, and refuses any other', () => {
    expect(talkVersion({}, {})).toBe('full')
    expect(talkVersion({ talkVersion: 'short' }, {})).toBe('short')
    expect(talkVersion({ talkVersion: 'short' }, { TALK_VERSION: 'full' })).toBe('full')
    expect(talkVersion({}, { TALK_VERSION: 'short' })).toBe('short')
    expect(() => talkVersion({}, { TALK_VERSION: 'medium' })).toThrow(/must be "full" or "short", not "medium"/)
  })

  test('hides optional slides in the short talk and says so in their notes in the full one', async () => {
    const [short] = await setupPreparser({ filepath: 'slides.md', headmatter: { talkVersion: 'short' }, mode: 'build' })
    const [full] = await setupPreparser({ filepath: 'slides.md', headmatter: {}, mode: 'build' })
    for (const [extension, hidden] of [[short, true], [full, false]] as const) {
      const frontmatter: Record<string, unknown> = { optional: true }
      await extension.transformSlide!('# A slide', frontmatter)
      expect(frontmatter.hide === true).toBe(hidden)
      const plain: Record<string, unknown> = {}
      await extension.transformSlide!('# Another', plain)
      expect(plain.hide).toBeUndefined()
    }
    expect(await full.transformNote!('Click once.', { optional: true })).toBe(`${OPTIONAL_NOTE}\n\nClick once.`)
    expect(await full.transformNote!('Click once.', {})).toBeUndefined()
  })
})

describe.skipIf(browserSkip)('TALK_VERSION=short', () => {
  const out = path.join(tmpdir(), `deck-short-${process.pid}`)
  const env = { ...process.env, TALK_VERSION: 'short' }

  beforeAll(async () => {
    await rm(out, { recursive: true, force: true })
    await mkdir(out, { recursive: true })
  })

  afterAll(async () => {
    await rm(out, { recursive: true, force: true })
  })

  test('builds the short talk: its overview and presenter view count only the slides it keeps', async () => {
    const kept = slides.filter(slide => !optional(slide))
    await run(SLIDEV, ['build', '--out', path.join(out, 'dist')], { cwd: ROOT, env, timeout: 300_000, maxBuffer: 64 << 20 })
    const site = await serveStatic(path.join(out, 'dist'))
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS })
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
      await openSlide(page, `${site.url}/overview`, 1)
      await page.waitForTimeout(1000)
      const titles = await page.evaluate(`[...document.querySelectorAll('[data-slidev-no]')].map(el => el.querySelector('h1')?.textContent?.trim() ?? '')`) as string[]
      expect(titles.length).toBe(kept.length)
      expect(titles.at(-1)).toBe('Thank you')
      for (const slide of slides.filter(optional).slice(0, 5))
        expect(titles).not.toContain(slide.content.match(/^# (.+)$/m)?.[1].replace(/<[^>]+>/g, '').trim())
      await page.goto(`${site.url}/presenter/2`)
      await page.waitForFunction(`document.body.innerText.includes('/ ${kept.length}')`, undefined, { timeout: 30_000 })
    }
    finally {
      await browser.close()
      await site.close()
    }
  }, 600_000)

  test('exports the short talk: one PDF page per slide it keeps', async () => {
    const kept = slides.filter(slide => !optional(slide))
    const pdf = path.join(out, 'short.pdf')
    const exportPdf = () => run(SLIDEV, ['export', '--executable-path', chromiumPath()!, '--timeout', '240000', '--output', pdf], { cwd: ROOT, env, timeout: 300_000, maxBuffer: 64 << 20 })
    // Chromium aborts module loads when Docker changes network interfaces: try again once.
    await exportPdf().catch(exportPdf)
    const { stdout } = await run('pdfinfo', [pdf])
    expect(Number(stdout.match(/^Pages:\s+(\d+)/m)?.[1])).toBe(kept.length)
  }, 700_000)
})
