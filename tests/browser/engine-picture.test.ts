/**
 * The engine picture on a LIVE slide, for real: Chromium shows a fixture deck whose terminal has
 * `picture`; the button opens what Docker holds, and a container started in the terminal appears
 * there, turns exited when stopped and goes when removed, all followed from the real engine.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, test } from 'vitest'
import { type Deck, openDeckPage, startDeck } from '../support/deck.ts'
import { browserAvailability, CHROMIUM_FLAGS, chromiumPath, dockerAvailability, skipUnless } from '../support/requirements.ts'

const run = promisify(execFile)
const LONG = 180_000
const NAME = `demo-picture-${process.pid}`

const SLIDES = `---
title: engine picture fixture
canvasWidth: 1280
aspectRatio: 16/9
transition: none
fonts:
  provider: none
---

# What Docker holds

<div style="height: 620px"><LiveTerminal id="t-pic" demo="alpha" picture /></div>
`

const skip = skipUnless(await browserAvailability(), 'REQUIRE_BROWSER') || skipUnless(await dockerAvailability(), 'REQUIRE_DOCKER')

describe.skipIf(skip)('the engine picture beside a slide terminal', () => {
  let deck: Deck
  let browser: Browser

  beforeAll(async () => {
    deck = await startDeck({ slides: SLIDES, demos: { alpha: { 'README.txt': 'fixture demo\n' } } })
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS })
  }, LONG + 60_000)

  afterAll(async () => {
    await browser?.close()
    await deck?.close()
    await run('docker', ['rm', '-f', NAME]).catch(() => {})
  })

  async function type(page: Page, command: string): Promise<number> {
    // Keys must reach the shell, not Slidev's shortcuts (o opens the overview, d toggles dark).
    await page.locator('.live-terminal .xterm-helper-textarea').focus()
    await page.keyboard.type(command, { delay: 5 })
    const sentAt = Date.now()
    await page.keyboard.press('Enter')
    return sentAt
  }

  test('a container appears on docker run, turns exited on stop and goes on rm', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const errors: string[] = []
    page.on('pageerror', error => errors.push(error.stack ?? error.message))
    page.on('console', message => message.type() === 'error' && errors.push(message.text()))
    await openDeckPage(page, `${deck.url}/1`)
    await page.locator('.live-terminal[data-status="live"]').waitFor({ timeout: LONG })
    await page.getByRole('button', { name: 'show Docker' }).click()
    await page.locator('[data-engine-picture] .engine-picture.is-live').waitFor({ timeout: 60_000 })

    const box = page.locator('[data-engine-picture] .picture-box--container', { hasText: NAME })
    const startedAt = await type(page, `docker run -d --name ${NAME} debian:bookworm-slim sleep 300`)
    await box.waitFor({ timeout: 60_000 }).catch(async (error: Error) => {
      await page.screenshot({ path: '/tmp/pic.png' })
      throw new Error(`${error.message}\nurl ${page.url()}\npage errors: ${errors.join('\n')}`)
    })
    console.log(`# docker run → container drawn: ${Date.now() - startedAt} ms (Enter to box, including the CLI's own time)`)
    await page.locator('[data-engine-picture] .picture-box--image', { hasText: 'debian:bookworm-slim' }).waitFor({ timeout: 10_000 })

    await type(page, `docker stop -t 1 ${NAME}`)
    await page.locator(`[data-engine-picture] .picture-box--container.is-exited`, { hasText: NAME }).waitFor({ timeout: 60_000 })

    await type(page, `docker rm ${NAME}`)
    await box.waitFor({ state: 'detached', timeout: 60_000 })

    await page.getByRole('button', { name: 'hide Docker' }).click()
    await page.locator('[data-engine-picture]').waitFor({ state: 'detached', timeout: 10_000 })
    await page.close()
  }, LONG + 120_000)
})
