/**
 * Live fallback in the dev deck (a Slidev dev server with the real components and a real demo
 * server): when the Docker daemon cannot be reached a clicked step fails, and when the demo server
 * is gone the terminal cannot connect; either way the terminal switches to the recording, says
 * why, and the presenter can go back to live.
 */
import assert from 'node:assert/strict'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, test } from 'vitest'
import { CastWriter } from '../../server/recording/asciicast.ts'
import { type Deck, startDeck } from '../support/deck.ts'
import { openSlide, type TerminalView, waitForTerminal } from './browser.ts'
import { browserAvailability, CHROMIUM_FLAGS, chromiumPath, skipUnless } from '../support/requirements.ts'

const skip = skipUnless(await browserAvailability(), 'REQUIRE_BROWSER')
/** A demo of the repo (ClickSteps reads the repo's demos/<name>/steps.yaml). */
const DEMO = 'python-versions'
const TERMINAL = 't-fallback'

const SLIDES = `---
title: replay fallback fixture
---

# first

---

# LIVE

<ClickSteps terminal="${TERMINAL}" demo="${DEMO}" :steps="['version-313', 'version-311']" />
<LiveTerminal id="${TERMINAL}" demo="${DEMO}" style="height: 420px" />
`

/** A small recording of the demo's first two steps, with text no live run could print. */
function fixtureCast(): string {
  const lines: string[] = []
  const writer = new CastWriter({ version: 2, width: 69, height: 22, timestamp: 1_763_000_000, title: 'fixture',
    env: { TERM: 'xterm-256color', SHELL: '/bin/bash' }, docker_server: '28.0.0' }, line => lines.push(line))
  writer.output('demos/python-versions $ ')
  writer.marker('version-313')
  writer.output('docker run --rm python:3.13-slim python --version\r\nPython 3.13.99 (from the recording)\r\ndemos/python-versions $ ')
  writer.marker('version-311')
  writer.output('docker run --rm python:3.11-slim python --version\r\nPython 3.11.99 (from the recording)\r\ndemos/python-versions $ ')
  writer.end()
  return `${lines.join('\n')}\n`
}

/** What the slide's terminal shows, once `check` holds. */
function waitForReplay(page: Page, check: (view: TerminalView) => boolean, timeoutMs: number): Promise<TerminalView> {
  return waitForTerminal(page, 2, TERMINAL, check, timeoutMs)
}

describe.skipIf(skip)('live fallback to the recording', () => {
  let deck: Deck
  let browser: Browser
  const savedDockerHost = process.env.DOCKER_HOST

  beforeAll(async () => {
    // The shells the demo server starts inherit this: every docker command fails as with a dead daemon.
    process.env.DOCKER_HOST = 'unix:///nonexistent/docker.sock'
    deck = await startDeck({ slides: SLIDES, demos: { [DEMO]: { 'README.md': 'fixture\n' } } })
    const casts = path.join(path.dirname(deck.demosRoot), 'public', 'casts')
    await mkdir(casts, { recursive: true })
    await writeFile(path.join(casts, `${DEMO}.cast`), fixtureCast())
    // The DOM renderer leaves the terminal's rows in the page, to be read as the presenter sees them.
    browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_FLAGS, '--disable-webgl'] })
  })

  afterAll(async () => {
    process.env.DOCKER_HOST = savedDockerHost
    if (savedDockerHost === undefined)
      delete process.env.DOCKER_HOST
    await browser?.close()
    await deck?.close()
  })

  test('a step that fails because the daemon is unreachable plays its recording, says why, and can go back to live', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    await openSlide(page, `${deck.url}/2`, 2)
    await page.waitForSelector('[data-slidev-no="2"] .live-terminal[data-status="live"]', { timeout: 90_000 })
    await page.keyboard.press('ArrowRight')

    const replayed = await waitForReplay(page, p => p.mode === 'replay' && p.screen.includes('3.13.99') && p.playback !== 'playing', 60_000)
    assert.match(replayed.reason, /step "version-313" (did not show the expected output|timed out)/)
    const shown = await page.locator('[data-slidev-no="2"] [data-testid="replay-reason"]').innerText()
    assert.match(shown, /version-313/)
    assert.match(await page.locator('[data-slidev-no="2"] [data-testid="replay-badge"]').innerText(), /^recording · recorded 2025-11-13 \d\d:\d\d UTC$/)

    await page.locator('[data-slidev-no="2"] .replay-controls__live').click()
    await waitForReplay(page, p => p.mode === 'live', 10_000)
    await page.waitForSelector('[data-slidev-no="2"] .live-terminal[data-status="live"]', { timeout: 30_000 })
    await page.close()
  }, 180_000)

  test('a deck whose demo server is gone switches to the recording with the reason shown', async () => {
    await deck.server.close()
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    await openSlide(page, `${deck.url}/2`, 2)
    const replayed = await waitForReplay(page, p => p.mode === 'replay', 60_000)
    assert.match(replayed.reason, /cannot reach the demo server/)
    assert.match(await page.locator('[data-slidev-no="2"] [data-testid="replay-reason"]').innerText(), /cannot reach the demo server/)
    await page.keyboard.press('ArrowRight')
    await waitForReplay(page, p => p.screen.includes('Python 3.13.99 (from the recording)'), 30_000)
    await page.close()
  }, 180_000)
})
