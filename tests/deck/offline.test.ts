/**
 * The deck brings everything it shows. Its fonts (Inter, JetBrains Mono) ship inside the build, so a
 * page load asks nothing of any host but the deck's own origin and the demo server, the text is set
 * in those fonts whatever the machine has installed, and the PDF embeds the same fonts.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startDemoServer, type DemoServer } from '../../server/demo-server.ts'
import { openSlide } from '../replay/browser.ts'
import { builtDeck, exportedDeck } from '../support/built-deck.ts'
import { browserAvailability, CHROMIUM_FLAGS, chromiumPath, skipUnless } from '../support/requirements.ts'
import { deckSlides, serveStatic } from './support.ts'

const run = promisify(execFile)
const skip = skipUnless(await browserAvailability(), 'REQUIRE_BROWSER')

describe.skipIf(skip)('the deck offline', () => {
  let site: { url: string, close: () => Promise<void> }
  let browser: Browser
  let demoServer: DemoServer

  beforeAll(async () => {
    const build = await builtDeck()
    expect(build.error, build.output.slice(-3000)).toBeUndefined()
    site = await serveStatic(build.path)
    demoServer = await startDemoServer({ port: 0, allowedOrigins: [site.url], log: () => {} })
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS })
  }, 600_000)

  afterAll(async () => {
    await browser?.close()
    await demoServer?.close()
    await site?.close()
  })

  test('no slide requests anything outside the deck and the demo server', async () => {
    const server = new URL(demoServer.url)
    const allowed = new Set([new URL(site.url).origin, `http://${server.host}`, `ws://${server.host}`])
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
    const page = await context.newPage()
    const foreign: string[] = []
    let terminals = 0
    page.on('websocket', (socket) => {
      if (socket.url().startsWith(`ws://${server.host}/`))
        terminals++
    })
    const record = (url: string) => {
      if (!/^(data|blob|about):/.test(url) && !allowed.has(new URL(url).origin))
        foreign.push(url)
    }
    page.on('request', request => record(request.url()))
    page.on('websocket', socket => record(socket.url()))
    // The first load passes the demo server (the tab keeps it); LIVE slides then connect to it. Each
    // slide is opened by its URL, not by →, which on a LIVE slide would run the demo's next step.
    await openSlide(page, `${site.url}/1?demoServer=${encodeURIComponent(demoServer.url)}&demoToken=${demoServer.token}`, 1)
    for (const slide of (await deckSlides()).slice(1)) {
      // A LIVE slide connects once its terminal has mounted and its fonts have loaded; on a busy
      // machine that can take longer than opening the slide, so wait for it before moving on.
      const connected = slide.content.includes('<LiveTerminal')
        ? page.waitForEvent('websocket', { predicate: socket => socket.url().startsWith(`ws://${server.host}/`), timeout: 30_000 }).catch(() => undefined)
        : undefined
      await openSlide(page, `${site.url}/${slide.no}`, slide.no)
      await connected
    }
    await page.waitForTimeout(1000)
    await context.close()
    expect(foreign).toEqual([])
    expect(terminals, 'the LIVE slides reached the demo server').toBeGreaterThan(0)
  }, 600_000)

  test('text and terminals are set in the shipped fonts', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } })
    const page = await context.newPage()
    const codeSlide = (await deckSlides()).find(slide => slide.content.includes('```'))!
    await openSlide(page, `${site.url}/${codeSlide.no}`, codeSlide.no)
    await page.evaluate(() => document.fonts.ready)
    const fonts = await page.evaluate(() => ({
      loaded: [...document.fonts].filter(face => face.status === 'loaded').map(face => face.family.replace(/"/g, '')),
      body: getComputedStyle(document.querySelector('.slidev-layout')!).fontFamily,
      code: getComputedStyle(document.querySelector('.slidev-layout pre code')!).fontFamily,
      mono: getComputedStyle(document.documentElement).getPropertyValue('--deck-font-mono'),
    }))
    await context.close()
    expect(fonts.loaded).toContain('Inter')
    expect(fonts.loaded).toContain('JetBrains Mono')
    expect(fonts.body).toMatch(/^"?Inter"?,/)
    expect(fonts.code).toMatch(/^"?JetBrains Mono"?,/)
    expect(fonts.mono).toMatch(/^\s*"JetBrains Mono"/)
  }, 120_000)

  test('the PDF embeds the shipped fonts', async () => {
    const pdf = await exportedDeck()
    expect(pdf.error, pdf.output.slice(-3000)).toBeUndefined()
    // pdffonts comes from Debian's poppler-utils, like pdfinfo in build.test.ts.
    const { stdout } = await run('pdffonts', [pdf.path], { maxBuffer: 16 << 20 })
    const embedded = stdout.split('\n').slice(2).map(line => line.split(/\s+/)[0].replace(/^[A-Z]{6}\+/, ''))
    expect(embedded.some(name => name.startsWith('Inter'))).toBe(true)
    expect(embedded.some(name => name.startsWith('JetBrainsMono'))).toBe(true)
    // Compose's ✔ on the LIVE pages' final screens comes from the shipped symbol font, not the machine's.
    expect(embedded.some(name => name.startsWith('NotoSansSymbols2'))).toBe(true)
  }, 900_000)
})
