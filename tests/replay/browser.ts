/**
 * Opening a deck page in Chromium reliably on a machine where Docker is busy: Chromium aborts
 * in-flight loads with ERR_NETWORK_CHANGED whenever a container's veth comes or goes, which can
 * leave Slidev without a module. So a page that did not render its slide is loaded again. It also
 * reads what a slide terminal shows, from the page alone (no test hook ships in the deck).
 */
import type { Page } from 'playwright-core'

export async function openSlide(page: Page, url: string, slideNo: number, attempts = 5): Promise<void> {
  let lastError = ''
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await page.goto(url, { waitUntil: 'load', timeout: 60_000 })
      await page.waitForSelector(`[data-slidev-no="${slideNo}"]`, { timeout: 30_000 })
      return
    }
    catch (error) {
      lastError = (error as Error).message.split('\n')[0]
    }
  }
  throw new Error(`slide ${slideNo} of ${url} did not render after ${attempts} loads: ${lastError}`)
}

/** What a slide terminal shows, read from the page as a person sees it. */
export interface TerminalView {
  /** The demo server connection ("live", "idle", …), or "placeholder" off a live slide. */
  status: string
  /** "live" or "replay". */
  mode: string
  /** While replaying: "playing", "paused" or "ended". */
  playback: string
  /** While replaying: the last step the recording showed. */
  step: string
  cols: number
  rows: number
  /** Why the terminal plays its recording, as its bar says. */
  reason: string
  /** The rows on screen as the DOM renderer drew them (launch Chromium with --disable-webgl). */
  screen: string
}

/**
 * Plain browser JavaScript in a string, like tests/deck/legibility-probe.ts (tsx would wrap named
 * functions in a helper the page lacks). `(TERMINAL_VIEW)(no, id)` is a TerminalView or null.
 */
const TERMINAL_VIEW = `(no, id) => {
  const terminal = document.querySelector('[data-slidev-no="' + no + '"] .live-terminal[data-terminal="' + id + '"]')
  if (!terminal)
    return null
  const rows = [...terminal.querySelectorAll('.xterm-rows > div')].map(row => row.textContent.replace(/\\s+$/, ''))
  const data = terminal.dataset
  return {
    status: data.status ?? '',
    mode: data.mode ?? '',
    playback: data.playback ?? '',
    step: data.step ?? '',
    cols: Number(data.cols ?? 0),
    rows: Number(data.rows ?? 0),
    reason: terminal.querySelector('[data-testid="replay-reason"]')?.textContent.trim() ?? '',
    screen: rows.join('\\n').replace(/\\s+$/, ''),
  }
}`

export function terminalView(page: Page, slideNo: number, terminal: string): Promise<TerminalView | null> {
  return page.evaluate(`(${TERMINAL_VIEW})(${JSON.stringify(slideNo)}, ${JSON.stringify(terminal)})`) as Promise<TerminalView | null>
}

/** Polls terminalView until `check` holds; fails with the last view seen. */
export async function waitForTerminal(page: Page, slideNo: number, terminal: string, check: (view: TerminalView) => boolean,
  timeoutMs: number): Promise<TerminalView> {
  const deadline = Date.now() + timeoutMs
  let last: TerminalView | null = null
  while (Date.now() < deadline) {
    last = await terminalView(page, slideNo, terminal)
    if (last && check(last))
      return last
    await page.waitForTimeout(200)
  }
  throw new Error(`terminal ${terminal} on slide ${slideNo} never got there; last seen: ${JSON.stringify(last)}`)
}
