/**
 * Helpers for the deck tests: the slides as Slidev parses them, every runnable command a slide names,
 * and a tiny static server for the built deck (dist/ with the SPA fallback Slidev's router needs).
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { load } from '@slidev/parser/fs'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export interface DeckSlide {
  /** 1-based slide number, as in the deck's URL. */
  no: number
  file: string
  content: string
  note: string
  frontmatter: Record<string, unknown>
}

export async function deckSlides(): Promise<DeckSlide[]> {
  const data = await load(ROOT, path.join(ROOT, 'slides.md'))
  return data.slides.map((slide, index) => ({
    no: index + 1,
    file: path.relative(ROOT, slide.source?.filepath ?? 'slides.md'),
    content: slide.content,
    note: slide.note ?? '',
    frontmatter: slide.frontmatter ?? {},
  }))
}

/** Attributes of every `<Tag ...>` in a slide: plain `name="v"` and bound `:name="expr"` alike. */
export function componentUses(content: string, tag: string): Array<Record<string, string>> {
  const uses: Array<Record<string, string>> = []
  const tagPattern = new RegExp(`<${tag}\\b([^>]*?)/?>`, 'g')
  for (const match of content.matchAll(tagPattern)) {
    const attributes: Record<string, string> = {}
    for (const attribute of match[1].matchAll(/(:?[\w-]+)="([^"]*)"/g))
      attributes[attribute[1]] = attribute[2]
    uses.push(attributes)
  }
  return uses
}

/** The step ids in a `:steps="['a', 'b']"` binding. */
export function stepIdsOf(binding: string | undefined): string[] | undefined {
  if (binding === undefined)
    return undefined
  return [...binding.matchAll(/'([^']+)'/g)].map(match => match[1])
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

/** Serves `root` on 127.0.0.1 (random port); unknown paths get index.html, as a static host would. */
export async function serveStatic(root: string): Promise<{ url: string, close: () => Promise<void> }> {
  const server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)
    let file = path.join(root, pathname)
    if (!file.startsWith(root))
      file = path.join(root, 'index.html')
    const info = await stat(file).catch(() => undefined)
    if (!info || info.isDirectory())
      file = path.join(root, 'index.html')
    response.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' })
    createReadStream(file).pipe(response)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise(resolve => server.close(() => resolve())),
  }
}

/**
 * Elements whose box leaves the slide's box, and boxes that clip their own content. The probe is
 * plain browser JavaScript in a string: tsx would wrap named functions in a helper the page lacks.
 */
export const OVERFLOW_PROBE = `(no) => {
  const slide = document.querySelector('[data-slidev-no="' + no + '"]')
  const box = slide.getBoundingClientRect()
  const found = []
  const name = el => el.tagName.toLowerCase() + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).slice(0, 2).join('.') : '') + ' "' + (el.textContent || '').trim().slice(0, 40) + '"'
  for (const el of slide.querySelectorAll('*')) {
    // The terminal's internals (xterm's hidden textarea, measuring spans) are xterm's business.
    if (el.closest('.live-terminal, .terminal-placeholder') && !el.matches('.live-terminal, .terminal-placeholder'))
      continue
    const rect = el.getBoundingClientRect()
    if (rect.width === 0 || rect.height === 0)
      continue
    if (rect.left < box.left - 1 || rect.top < box.top - 1 || rect.right > box.right + 1 || rect.bottom > box.bottom + 1)
      found.push(name(el) + ' leaves the slide (' + Math.round(rect.left - box.left) + ',' + Math.round(rect.top - box.top) + ' to ' + Math.round(rect.right - box.left) + ',' + Math.round(rect.bottom - box.top) + ')')
    if (el.matches('pre, .click-steps, .live-side, .slidev-layout') && (el.scrollHeight > el.clientHeight + 2 || el.scrollWidth > el.clientWidth + 2))
      found.push(name(el) + ' clips its content (' + el.scrollWidth + 'x' + el.scrollHeight + ' in ' + el.clientWidth + 'x' + el.clientHeight + ')')
  }
  return found.slice(0, 5)
}`

