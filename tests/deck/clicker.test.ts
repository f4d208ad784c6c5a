/**
 * A presenter's clicker on a LIVE slide: in Chromium, a fixture deck (DECK-UI's tests/support/deck.ts)
 * shows the python-versions demo with <ClickSteps>, and a real demo server runs its steps with Docker.
 * Advancing clicks must run the slide's commands in order, each once, never starting one before the
 * previous one's expected output appeared; stepping back and forward again must not re-run anything.
 */
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, test } from 'vitest'
import { loadStepList } from '../../server/demos/step-list.ts'
import type { RunRequest } from '../../server/protocol.ts'
import { type Deck, startDeck } from '../support/deck.ts'
import { browserAvailability, CHROMIUM_FLAGS, chromiumPath, dockerAvailability, skipUnless } from '../support/requirements.ts'
import { ROOT } from './support.ts'

const DEMO = 'python-versions'
const SLIDES = `---
title: clicker fixture
canvasWidth: 1280
aspectRatio: 16/9
transition: none
demoTypingDelay: 5
---

# Clicks run steps

<div style="display: grid; grid-template-columns: 360px 1fr; gap: 20px; height: 560px">
<ClickSteps terminal="t-click" demo="${DEMO}" />
<LiveTerminal id="t-click" demo="${DEMO}" />
</div>

---

# After
`

interface Submitted {
  runId: string
  /** The phase the previous submitted run had on the server when this one arrived. */
  previousPhase: string | undefined
}

const skip = skipUnless(await dockerAvailability(), 'REQUIRE_DOCKER') || skipUnless(await browserAvailability(), 'REQUIRE_BROWSER')

describe.skipIf(skip)('clicking through a LIVE slide', () => {
  let deck: Deck
  let browser: Browser
  let page: Page
  const submitted: Submitted[] = []

  beforeAll(async () => {
    const folder = path.join(ROOT, 'demos', DEMO)
    deck = await startDeck({
      slides: SLIDES,
      demos: {
        [DEMO]: {
          'steps.yaml': await readFile(path.join(folder, 'steps.yaml'), 'utf8'),
          'new_fstring.py': await readFile(path.join(folder, 'new_fstring.py'), 'utf8'),
        },
      },
    })
    // Watch every Run the session receives, and the state its previous run was in at that moment.
    const attach = deck.server.registry.attach.bind(deck.server.registry)
    const watched = new WeakSet<object>()
    deck.server.registry.attach = async (client, request) => {
      const session = await attach(client, request)
      if (!watched.has(session)) {
        watched.add(session)
        const run = session.run.bind(session)
        session.run = (body: RunRequest) => {
          const previous = submitted.at(-1)
          // RunQueue keeps the latest state per run id; read it as the server saw it right now.
          const states = (session as unknown as { runs: { states: Map<string, { phase: string }> } }).runs.states
          submitted.push({ runId: body.runId, previousPhase: previous && states.get(previous.runId)?.phase })
          return run(body)
        }
      }
      return session
    }
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS })
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    const pageErrors: string[] = []
    page.on('console', message => message.type() === 'error' && pageErrors.push(message.text()))
    page.on('pageerror', error => pageErrors.push(error.message))
    // Chromium aborts module loads when network interfaces change (Docker adds veths while other
    // tests run), which can leave the dev deck half-loaded: reload until the terminal is live.
    for (let attempt = 1; ; attempt++) {
      pageErrors.length = 0
      await page.goto(`${deck.url}/1`)
      const live = await page.waitForFunction(() => [...(window.__demoTerminals ?? [])].some(t => t.status() === 'live'), null, { timeout: 40_000 })
        .then(() => true, () => false)
      if (live)
        break
      if (attempt === 4)
        throw new Error(`the terminal never went live\npage errors: ${pageErrors.slice(-10).join('\n')}\nslidev: ${deck.slidevLog.slice(-15).join('\n')}\nserver: ${deck.serverLog.slice(-10).join('\n')}`)
    }
  })

  afterAll(async () => {
    await browser?.close()
    await deck?.close()
  })

  test('runs every step once, in order, each after the previous one is done', async () => {
    const steps = (await loadStepList(DEMO)).steps
    // Click through faster than the commands can run: the component must hold the later steps back.
    for (let i = 0; i < steps.length; i++) {
      await page.keyboard.press('ArrowRight')
      await page.waitForTimeout(50)
    }
    await page.waitForFunction(count => document.querySelectorAll('.click-steps li[data-status="done"]').length === count, steps.length, { timeout: 240_000 })
      .catch(async (error) => {
        const rows = await page.$$eval('.click-steps li', items => items.map(li => `${li.getAttribute('data-step')}=${li.getAttribute('data-status')}`))
        throw new Error(`${(error as Error).message}\nrows: ${rows.join(' ')}\nserver: ${deck.serverLog.slice(-10).join('\n')}`)
      })

    assert.deepEqual(submitted.map(s => s.runId), steps.map(step => `${DEMO}:${step.id}`))
    assert.deepEqual(submitted.slice(1).map(s => s.previousPhase), steps.slice(1).map(() => 'done'))
  })

  test('stepping back and forward again runs nothing a second time', async () => {
    const before = submitted.length
    await page.keyboard.press('ArrowLeft')
    await page.keyboard.press('ArrowLeft')
    await page.waitForTimeout(300)
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    await page.waitForTimeout(1500)
    assert.equal(submitted.length, before)
    const text = await page.evaluate(() => [...(window.__demoTerminals ?? [])].find(t => t.id === 't-click')?.text() ?? '')
    assert.equal(text.match(/SyntaxError/g)?.length, 1, `the 3.11 run should appear once:\n${text}`)
  })
}, 300_000)
