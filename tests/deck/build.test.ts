/**
 * The deck as an audience gets it: `slidev build` is clean, `slidev export` gives one PDF page per
 * slide, and in Chromium every slide of the built deck renders without a console error and with
 * nothing sticking out of the slide box. All offline: no demo server runs, so terminals show their
 * placeholder or "no server" state and must not log errors.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { chromium } from 'playwright-core'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, test } from 'vitest'
import { browserAvailability, CHROMIUM_FLAGS, chromiumPath, skipUnless } from '../support/requirements.ts'
import { deckSlides, OVERFLOW_PROBE, ROOT, serveStatic } from './support.ts'

const run = promisify(execFile)
const SLIDEV = path.join(ROOT, 'node_modules/.bin/slidev')
// Outside the checkout: Slidev's dev server (used by export) watches the project and would reload the
// page being printed when the build output or the PDF appeared under it.
const OUT = path.join(tmpdir(), `deck-build-${process.pid}`)
/** Chromium aborts in-flight requests when network interfaces change (Docker adds veths); retry those loads. */
const NETWORK_FLAKE = /ERR_NETWORK_CHANGED|Unable to preload CSS/

const browserSkip = skipUnless(await browserAvailability(), 'REQUIRE_BROWSER')

describe('the built deck', () => {
  let slideCount = 0
  let buildOutput = ''
  let buildError: Error | undefined

  beforeAll(async () => {
    slideCount = (await deckSlides()).length
    await rm(OUT, { recursive: true, force: true })
    await mkdir(OUT, { recursive: true })
    // slidev build writes and then deletes index.html in the project root, so two builds of this
    // checkout at once (another test, a developer's `npm run build`) can trip each other: retry once.
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        const { stdout, stderr } = await run(SLIDEV, ['build', '--out', path.join(OUT, 'dist')], { cwd: ROOT, timeout: 300_000, maxBuffer: 64 << 20 })
        buildOutput = `${stdout}\n${stderr}`
        buildError = undefined
        break
      }
      catch (error) {
        buildError = error as Error
        buildOutput = `${(error as { stdout?: string }).stdout ?? ''}\n${(error as { stderr?: string }).stderr ?? ''}`
      }
    }
  })

  afterAll(async () => {
    await rm(OUT, { recursive: true, force: true })
  })

  test('builds with no warnings', () => {
    assert.equal(buildError, undefined, `slidev build failed:\n${buildOutput.slice(-3000)}`)
    const noisy = buildOutput.split('\n').filter(line => /warning|\bwarn\b|css-syntax-error|\berror\b/i.test(line))
    assert.deepEqual(noisy, [], 'slidev build printed warnings')
    assert.ok(existsSync(path.join(OUT, 'dist/index.html')))
  })

  test.skipIf(browserSkip)('exports a PDF with one page per slide', async () => {
    const pdf = path.join(OUT, 'deck.pdf')
    // Up to three tries: when Docker adds or removes network interfaces (other containers starting),
    // Chromium aborts in-flight module loads and Slidev's print page never mounts.
    const exportPdf = () => run(SLIDEV, ['export', '--executable-path', chromiumPath()!, '--timeout', '240000', '--output', pdf], { cwd: ROOT, timeout: 200_000, maxBuffer: 64 << 20 })
    await exportPdf().catch(exportPdf).catch(exportPdf)
    // pdfinfo comes from Debian's poppler-utils (installed by .ci/install-system-packages.sh).
    const { stdout } = await run('pdfinfo', [pdf])
    const pages = Number(stdout.match(/^Pages:\s+(\d+)/m)?.[1])
    assert.equal(pages, slideCount, `the PDF has ${pages} pages for ${slideCount} slides`)
  }, 660_000)

  test.skipIf(browserSkip)('renders every slide in Chromium with no console error and nothing outside the slide', async () => {
    assert.equal(buildError, undefined, 'needs the build')
    const server = await serveStatic(path.join(OUT, 'dist'))
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS })
    const problems: string[] = []
    try {
      for (const scheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, colorScheme: scheme })
        const page = await context.newPage()
        let errors: string[] = []
        page.on('console', (message) => {
          if (message.type() === 'error')
            errors.push(message.text())
        })
        page.on('pageerror', error => errors.push(error.message))
        await page.addInitScript(dark => localStorage.setItem('slidev-color-schema', dark), scheme)
        for (let no = 1; no <= slideCount; no++) {
          for (let attempt = 1; ; attempt++) {
            errors = []
            const shown = await page.goto(`${server.url}/${no}`, { waitUntil: 'load' })
              .then(() => page.waitForSelector(`[data-slidev-no="${no}"]`, { timeout: 30_000 }))
              .then(() => true, (error: Error) => {
                if (attempt === 3)
                  throw error
                return false
              })
            await page.waitForTimeout(400) // Mermaid renders after mount; the transition settles.
            const real = errors.filter(error => !NETWORK_FLAKE.test(error))
            if (shown && (real.length === errors.length || attempt === 3)) {
              problems.push(...real.map(error => `${scheme} slide ${no}: console error: ${error}`))
              break
            }
          }
          problems.push(...(await overflowOf(page, no)).map(problem => `${scheme} slide ${no}: ${problem}`))
        }
        await context.close()
      }
    }
    finally {
      await browser.close()
      await server.close()
    }
    assert.deepEqual(problems, [])
  }, 600_000)
})

async function overflowOf(page: Page, no: number): Promise<string[]> {
  return page.evaluate(`(${OVERFLOW_PROBE})(${no})`) as Promise<string[]>
}
