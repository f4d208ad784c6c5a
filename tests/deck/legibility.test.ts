/**
 * The deck read from the back of a room: the built deck in Chromium at 1280×720, light and dark,
 * at every click of every slide.
 *
 * - No visible text is under 16px; reading text is 20px or more, code 18px or more (how text is
 *   sorted into text, code and label is documented in legibility-probe.ts).
 * - At most 16 rows of code are in view at once.
 * - Step lists show every command whole, and no inline code sticks out of its block.
 * - Every LIVE terminal fills its box (less than one cell left over across and down) with the
 *   WebGL renderer and with the DOM renderer, and all of them fit the size `npm run record`
 *   records casts at, so a recording replays at the size of the live terminal.
 */
import { execFile } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { promisify } from 'node:util'
import { chromium } from 'playwright-core'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { WebSocketServer } from 'ws'
import { ClientMessageType, decodeClientMessage, encodeServer, PROTOCOL_VERSION, toBytes } from '../../server/protocol.ts'
import { openSlide } from '../replay/browser.ts'
import { builtDeck } from '../support/built-deck.ts'
import { browserAvailability, CHROMIUM_FLAGS, chromiumPath, skipUnless } from '../support/requirements.ts'
import type { LegibilityReport, MeasuredTerminal, MeasuredText, TextKind } from './legibility-probe.ts'
import { LEGIBILITY_PROBE } from './legibility-probe.ts'
import type { DeckSlide } from './support.ts'
import { deckSlides, ROOT, serveStatic } from './support.ts'

const run = promisify(execFile)

/** The smallest size each kind of text may have, in canvas pixels. */
const MIN_SIZE: Record<TextKind, number> = { label: 16, code: 18, text: 20 }
const MAX_CODE_ROWS = 16
/** After arriving on a slide: the fade transition, Mermaid and the terminal fonts. */
const SLIDE_SETTLE_MS = 700
const CLICK_SETTLE_MS = 250

const browserSkip = skipUnless(await browserAvailability(), 'REQUIRE_BROWSER')

describe.skipIf(browserSkip)('the deck on a 1280x720 projector', () => {
  let slides: DeckSlide[]
  let site: { url: string, close: () => Promise<void> }

  beforeAll(async () => {
    slides = await deckSlides()
    const deck = await builtDeck()
    if (deck.error)
      throw new Error(`slidev build failed: ${deck.error}\n${deck.output.slice(-2000)}`)
    site = await serveStatic(deck.path)
  }, 900_000)

  afterAll(async () => {
    await site?.close()
  })

  for (const scheme of ['light', 'dark'] as const) {
    test(`shows text of at least 16/18/20px, at most ${MAX_CODE_ROWS} rows of code and whole commands at every click, ${scheme}`, async () => {
      const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS })
      const problems = new Set<string>()
      const smallest: Record<TextKind, number> = { label: Infinity, code: Infinity, text: Infinity }
      let mostRows = 0
      try {
        const page = await schemePage(browser, scheme)
        await walkDeck(page, site.url, slides.length, async (no, click) => {
          const report = await measure(page, no)
          const where = `slide ${no} (${titleOf(slides[no - 1])}) click ${click}`
          for (const text of report.texts) {
            smallest[text.kind] = Math.min(smallest[text.kind], text.size)
            if (text.size < MIN_SIZE[text.kind])
              problems.add(`${where}: ${text.kind} at ${text.size}px, under ${MIN_SIZE[text.kind]}px: "${text.text}" (${text.where})`)
          }
          mostRows = Math.max(mostRows, report.codeRows)
          if (report.codeRows > MAX_CODE_ROWS)
            problems.add(`${where}: ${report.codeRows} rows of code in view, more than ${MAX_CODE_ROWS}`)
          for (const command of report.cutCommands)
            problems.add(`${where}: the step list cuts off "${command}"`)
          for (const code of report.overhangs)
            problems.add(`${where}: inline code sticks out of its block: "${code}"`)
        })
      }
      finally {
        await browser.close()
      }
      console.log(`${scheme}: smallest label ${smallest.label}px, code ${smallest.code}px, text ${smallest.text}px; at most ${mostRows} rows of code in view`)
      expect([...problems]).toEqual([])
    }, 900_000)
  }

  test('fits every LIVE terminal to its box with the WebGL and the DOM renderer, at the size npm run record records', async () => {
    const live = slides.filter(slide => slide.content.includes('<LiveTerminal'))
    expect(live.length).toBeGreaterThan(10)
    const recorded = await recordDefaults()
    // Without a demo server the built deck replays its casts, at the casts' size; this stand-in
    // attaches every terminal and shows a prompt, so the terminals stay live and fitted to their box.
    const standIn = await standInServer()
    const query = `?demoServer=${standIn.url}&demoToken=legibility`
    const problems: string[] = []
    const sizes = new Map<string, string[]>()
    try {
      for (const [renderer, flags] of [['webgl', ['--enable-unsafe-swiftshader']], ['dom', ['--disable-webgl']]] as const) {
        const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_FLAGS, ...flags] })
        try {
          const page = await schemePage(browser, 'dark')
          for (const slide of live) {
            await openSlide(page, `${site.url}/${slide.no}${query}`, slide.no)
            const terminals = await fittedTerminals(page, slide.no, renderer)
            if (terminals.length === 0) {
              problems.push(`${renderer}: slide ${slide.no} (${titleOf(slide)}): no live terminal drawn by the ${renderer} renderer`)
              continue
            }
            for (const terminal of terminals) {
              const where = `${renderer}: slide ${slide.no} (${titleOf(slide)}) ${terminal.id} ${terminal.cols}x${terminal.rows}`
              if (terminal.spareX < 0 || terminal.spareX >= terminal.cellWidth)
                problems.push(`${where}: ${terminal.spareX}px left over across, cells are ${terminal.cellWidth}px`)
              if (terminal.spareY < 0 || terminal.spareY >= terminal.cellHeight)
                problems.push(`${where}: ${terminal.spareY}px left over down, cells are ${terminal.cellHeight}px`)
              const size = `${terminal.cols}x${terminal.rows}`
              sizes.set(size, [...(sizes.get(size) ?? []), `${renderer} ${slide.no}`])
            }
            if (renderer === 'dom') {
              // Only the DOM renderer leaves the terminal's text in the page to be measured.
              const cells = await terminalText(page, slide.no)
              if (cells.length === 0)
                problems.push(`dom: slide ${slide.no}: the terminal shows no text to measure`)
              for (const cell of cells.filter(cell => cell.size < MIN_SIZE.code).slice(0, 1))
                problems.push(`dom: slide ${slide.no}: terminal text at ${cell.size}px, under ${MIN_SIZE.code}px`)
            }
          }
        }
        finally {
          await browser.close()
        }
      }
    }
    finally {
      await standIn.close()
    }
    console.log(`LIVE terminals fit ${[...sizes].map(([size, on]) => `${size} (${on.length} slide renders)`).join(', ')}; npm run record records ${recorded}`)
    expect(problems).toEqual([])
    expect([...sizes.keys()]).toEqual([recorded])
  }, 900_000)
})

function titleOf(slide: DeckSlide | undefined): string {
  return (slide?.content.match(/^# (.+)$/m)?.[1] ?? '').replace(/<[^>]+>/g, '').trim().slice(0, 40)
}

async function schemePage(browser: Browser, scheme: 'light' | 'dark'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, colorScheme: scheme })
  await context.addInitScript(value => localStorage.setItem('slidev-color-schema', value), scheme)
  return context.newPage()
}

function measure(page: Page, no: number): Promise<LegibilityReport> {
  return page.evaluate(`(${LEGIBILITY_PROBE})(${no})`) as Promise<LegibilityReport>
}

/**
 * Goes through the deck as a presenter would, pressing → from the first slide to the last, and
 * calls `visit` at every slide and click. A slide that does not render after a move (Chromium drops
 * module loads when Docker changes the network) is loaded again at that click.
 */
async function walkDeck(page: Page, url: string, count: number, visit: (no: number, click: number) => Promise<void>): Promise<void> {
  await openSlide(page, `${url}/1`, 1)
  let no = 1
  let click = 0
  await page.waitForTimeout(SLIDE_SETTLE_MS)
  for (;;) {
    await visit(no, click)
    const before = await position(page)
    await page.keyboard.press('ArrowRight')
    const went = await page.waitForFunction(`${JSON.stringify(JSON.stringify(before))} !== JSON.stringify([location.pathname, location.search])`, undefined, { timeout: 10_000 })
      .then(() => true, () => false)
    if (!went) {
      if (no === count)
        return // → on the last click of the last slide goes nowhere
      throw new Error(`→ on slide ${no}, click ${click} went nowhere`)
    }
    const moved = await position(page)
    const movedTo = Number(moved[0].match(/(\d+)$/)?.[1])
    if (movedTo !== no) {
      no = movedTo
      click = 0
      const rendered = await page.waitForSelector(`[data-slidev-no="${no}"]`, { timeout: 15_000 }).then(() => true, () => false)
      if (!rendered)
        await openSlide(page, `${url}/${no}`, no)
      await page.waitForTimeout(SLIDE_SETTLE_MS)
    }
    else {
      click++
      await page.waitForTimeout(CLICK_SETTLE_MS)
    }
  }
}

async function position(page: Page): Promise<[string, string]> {
  return page.evaluate('[location.pathname, location.search]') as Promise<[string, string]>
}

/** The slide's terminals once they are drawn by `renderer` and fitted (live, not replaying). */
async function fittedTerminals(page: Page, no: number, renderer: 'webgl' | 'dom'): Promise<MeasuredTerminal[]> {
  const deadline = Date.now() + 20_000
  for (;;) {
    const terminals = (await measure(page, no)).terminals.filter(terminal => terminal.mode === 'live')
    if (terminals.length > 0 && terminals.every(terminal => terminal.renderer === renderer))
      return terminals
    if (Date.now() > deadline)
      return []
    await page.waitForTimeout(250)
  }
}

/** The text the DOM renderer draws in the slide's terminals, once the stand-in's prompt is there. */
async function terminalText(page: Page, no: number): Promise<MeasuredText[]> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const cells = (await measure(page, no)).texts.filter(text => text.terminal)
    if (cells.length > 0 || Date.now() > deadline)
      return cells
    await page.waitForTimeout(250)
  }
}

/** A demo server that only attaches: every terminal gets a prompt and nothing else happens. */
async function standInServer(): Promise<{ url: string, close: () => Promise<void> }> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' })
  await new Promise(resolve => server.once('listening', resolve))
  server.on('connection', (socket) => {
    socket.on('message', (data: Buffer) => {
      const message = decodeClientMessage(toBytes(data))
      if (message.type !== ClientMessageType.Attach)
        return
      socket.send(encodeServer.attached({ ...message.body, readOnly: false, state: 'running', clients: 1, protocol: PROTOCOL_VERSION }))
      socket.send(encodeServer.snapshot(`demos/${message.body.demo} $ `))
    })
  })
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise(resolve => server.close(() => resolve())),
  }
}

/** `npm run record`'s default terminal size, as its --help states it. */
async function recordDefaults(): Promise<string> {
  const { stdout } = await run(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'server/cli/record.ts'), '--help'], { cwd: ROOT, timeout: 60_000 })
  const match = stdout.match(/--cols (\d+)\] \[--rows (\d+)\]/)
  if (!match)
    throw new Error(`npm run record --help names no default size: ${stdout}`)
  return `${match[1]}x${match[2]}`
}
