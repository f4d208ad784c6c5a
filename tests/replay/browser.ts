/**
 * Opening a deck page in Chromium reliably on a machine where Docker is busy: Chromium aborts
 * in-flight loads with ERR_NETWORK_CHANGED whenever a container's veth comes or goes, which can
 * leave Slidev without a module. So a page that did not render its slide is loaded again.
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
