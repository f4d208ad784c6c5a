/**
 * The live loop in a real browser: Debian's Chromium drives a fixture deck served by the Slidev dev
 * server, whose terminals talk to a real demo server running bash in node-pty.
 */
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, test } from 'vitest'
import { type Deck, openDeckPage, startDeck } from '../support/deck.ts'
import { browserAvailability, CHROMIUM_FLAGS, chromiumPath, skipUnless } from '../support/requirements.ts'

const SLIDES = `---
title: terminal fixture
canvasWidth: 1280
aspectRatio: 16/9
colorSchema: auto
transition: none
fonts:
  provider: none
---

# Run here

<RunCommand terminal="t-one" command="echo run >> ran.log; echo ran-$(wc -l < ran.log)-times" expect="ran-[0-9]+-times" />

<div style="height: 420px"><LiveTerminal id="t-one" demo="alpha" /></div>

---

# Nothing live here

---

# Never opened live by these tests

<div style="height: 420px"><LiveTerminal id="t-quiet" demo="alpha" /></div>
`

const LONG = 180_000

/** Text on the screen of terminal `id` as rendered in `renderContext` ('slide' or 'presenter'). */
function terminalText(page: Page, id: string, renderContext = 'slide'): Promise<string> {
  return page.evaluate(({ id, renderContext }) => [...(window.__demoTerminals ?? [])]
    .filter(probe => probe.id === id && probe.renderContext === renderContext)
    .map(probe => probe.text())
    .join('\n'), { id, renderContext })
}

async function waitForText(page: Page, id: string, pattern: RegExp, renderContext = 'slide'): Promise<string> {
  const deadline = Date.now() + 60_000
  let text = ''
  while (Date.now() < deadline) {
    text = await terminalText(page, id, renderContext)
    if (pattern.test(text))
      return text
    await page.waitForTimeout(200)
  }
  assert.fail(`terminal ${id} (${renderContext}) never showed ${pattern}; it shows:\n${text}`)
}

async function waitForLive(page: Page, id: string): Promise<void> {
  await page.locator(`.live-terminal[data-terminal="${id}"][data-status="live"]`).first().waitFor({ timeout: LONG })
}

describe.skipIf(skipUnless(await browserAvailability(), 'REQUIRE_BROWSER'))('a slide terminal in Chromium', () => {
  let deck: Deck
  let browser: Browser
  let context: BrowserContext

  beforeAll(async () => {
    deck = await startDeck({ slides: SLIDES, demos: { alpha: { 'README.txt': 'fixture demo\n' } } })
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS })
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  }, LONG + 60_000)

  afterAll(async () => {
    await browser?.close()
    await deck?.close()
  })

  test('clicking the run control types the command and its output appears in the terminal', async () => {
    const page = await context.newPage()
    await openDeckPage(page, `${deck.url}/1`)
    await waitForLive(page, 't-one')
    await page.locator('.run-command button').click()
    await waitForText(page, 't-one', /ran-1-times/)
    await page.locator('.run-command[data-phase="done"]').waitFor({ timeout: 60_000 })
    await page.close()
  }, LONG + 60_000)

  test('typing into the terminal echoes and runs what was typed', async () => {
    const page = await context.newPage()
    await openDeckPage(page, `${deck.url}/1`)
    await waitForLive(page, 't-one')
    await page.locator('.live-terminal[data-terminal="t-one"] .live-terminal__box').click()
    await page.keyboard.type('echo typed-$((6*7))\n', { delay: 10 })
    await waitForText(page, 't-one', /typed-42\n/)
    await page.close()
  }, 120_000)

  test('the presenter view and the slide view show one run with the same output', async () => {
    const audience = await context.newPage()
    const presenter = await context.newPage()
    await openDeckPage(audience, `${deck.url}/1`)
    await openDeckPage(presenter, `${deck.url}/presenter/1`)
    await waitForLive(audience, 't-one')
    await waitForLive(presenter, 't-one')
    const before = (await readFile(path.join(deck.demosRoot, 'alpha/ran.log'), 'utf8')).split('\n').filter(Boolean).length

    // Both windows click "run again" for the same numbered run: the server carries it out once.
    await Promise.all([
      presenter.locator('.run-command button').first().click(),
      audience.locator('.run-command button').click(),
    ])
    const expected = new RegExp(`ran-${before + 1}-times`)
    await waitForText(audience, 't-one', expected)
    await waitForText(presenter, 't-one', expected, 'presenter')
    await audience.locator('.run-command[data-phase="done"]').waitFor({ timeout: 60_000 })
    await presenter.locator('.run-command[data-phase="done"]').first().waitFor({ timeout: 60_000 })

    const after = (await readFile(path.join(deck.demosRoot, 'alpha/ran.log'), 'utf8')).split('\n').filter(Boolean).length
    assert.equal(after, before + 1, 'the command ran exactly once')
    assert.doesNotMatch(await terminalText(audience, 't-one'), new RegExp(`ran-${before + 2}-times`))
    const lastLine = (text: string) => text.split('\n').filter(line => line.includes('-times')).at(-1)
    assert.equal(lastLine(await terminalText(presenter, 't-one', 'presenter')), lastLine(await terminalText(audience, 't-one')))
    await Promise.all([audience.close(), presenter.close()])
  }, 120_000)

  test('reloading the page brings the screen back', async () => {
    const page = await context.newPage()
    await openDeckPage(page, `${deck.url}/1`)
    await waitForLive(page, 't-one')
    await waitForText(page, 't-one', /typed-42/)
    await openDeckPage(page, page.url())
    await waitForLive(page, 't-one')
    const text = await waitForText(page, 't-one', /ran-1-times[\s\S]*typed-42/)
    assert.match(text, /demos\/alpha \$/)
    await page.close()
  }, 120_000)

  test('overview, next-slide preview and print render a placeholder and open no session', async () => {
    const page = await context.newPage()
    for (const route of ['/overview', '/presenter/2', '/print']) {
      await openDeckPage(page, `${deck.url}${route}`)
      await page.locator('.live-terminal[data-terminal="t-quiet"][data-status="placeholder"]').first().waitFor({ state: 'attached', timeout: 60_000 })
      // Slidev mounts every slide a few seconds after load; give a wrong connect time to happen.
      await page.waitForTimeout(4000)
    }
    assert.ok(!deck.attaches.includes('t-quiet'), `t-quiet was attached: ${deck.attaches.join(', ')}`)
    assert.equal(deck.server.registry.get('t-quiet'), undefined)
    await page.close()
  }, 3 * LONG)
})
