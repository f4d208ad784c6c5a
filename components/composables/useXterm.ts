/**
 * An xterm.js terminal in a box on a slide: loaded lazily (xterm and its addons are heavy and most
 * slides never show a terminal), fitted to the box, readable on a projector, crisp and selectable
 * although Slidev scales the whole slide with a CSS transform.
 *
 * Why the counter-scale: xterm maps mouse positions with getBoundingClientRect (screen pixels) but
 * lays out cells in CSS pixels, so under `transform: scale(s)` selection lands on the wrong cells
 * (https://github.com/xtermjs/xterm.js/issues/6023, /3242). The host element is therefore sized s times
 * larger and scaled by 1/s, and the font is s times larger: on screen the terminal is drawn 1:1.
 */
import type { Terminal } from '@xterm/xterm'
import type { Ref } from 'vue'
import { onScopeDispose, shallowRef } from 'vue'
import { terminalTheme } from './terminalTheme'

/** Row height as a multiple of the font size: readable at the back of a room, and what the box sizes allow for. */
export const TERMINAL_LINE_HEIGHT = 1.15

export interface XtermOptions {
  /** The box on the slide (slide units) the terminal fills. */
  box: Ref<HTMLElement | undefined>
  /** The element xterm renders into, inside `box`. */
  host: Ref<HTMLElement | undefined>
  /** Font size in slide pixels at 1280×720. @default 19 */
  fontSize?: number
  dark: () => boolean
  readOnly?: boolean
  /** Keystrokes and pastes from the user. */
  onData: (data: string) => void
  /** The fitted size changed. */
  onResize: (size: { cols: number, rows: number }) => void
}

export function useXterm(options: XtermOptions) {
  const terminal = shallowRef<Terminal>()
  const renderer = shallowRef<'dom' | 'webgl'>('dom')
  /** The grid in cells, once the terminal exists (the element shows it as data-cols / data-rows). */
  const size = shallowRef<{ cols: number, rows: number }>()
  const disposers: Array<() => void> = []
  let disposed = false

  /** Creates the terminal on first call; later calls return the same one. */
  async function ensure(): Promise<Terminal | undefined> {
    if (terminal.value || disposed)
      return terminal.value
    const [{ Terminal }, { WebLinksAddon }] = await Promise.all([
      import('@xterm/xterm'),
      import('@xterm/addon-web-links'),
      import('@xterm/xterm/css/xterm.css'),
    ])
    const fontFamily = monoFontFamily()
    await loadFonts(fontFamily)
    const host = options.host.value
    if (disposed || !host || terminal.value)
      return terminal.value
    const term = new Terminal({
      fontSize: options.fontSize ?? 19,
      fontFamily,
      lineHeight: TERMINAL_LINE_HEIGHT,
      scrollback: 5000,
      cursorBlink: !options.readOnly,
      disableStdin: options.readOnly === true,
      theme: terminalTheme(options.dark()),
      allowProposedApi: false,
    })
    term.loadAddon(new WebLinksAddon())
    term.attachCustomKeyEventHandler(event => copyKeyHandler(term, event))
    const data = term.onData(options.onData)
    const resize = term.onResize((grid) => {
      size.value = { cols: grid.cols, rows: grid.rows }
      options.onResize({ cols: grid.cols, rows: grid.rows })
    })
    disposers.push(() => data.dispose(), () => resize.dispose())
    term.open(host)
    terminal.value = term
    size.value = { cols: term.cols, rows: term.rows }
    refit()
    const observer = new ResizeObserver(() => refit())
    if (options.box.value)
      observer.observe(options.box.value)
    disposers.push(() => observer.disconnect())
    void loadWebgl(term)
    return term
  }

  /** WebGL draws faster; it is optional, so any failure or a lost context falls back to the DOM renderer. */
  async function loadWebgl(term: Terminal): Promise<void> {
    try {
      const { WebglAddon } = await import('@xterm/addon-webgl')
      if (disposed)
        return
      const addon = new WebglAddon()
      addon.onContextLoss(() => {
        addon.dispose()
        renderer.value = 'dom'
        refit()
      })
      term.loadAddon(addon)
      renderer.value = 'webgl'
      // WebGL rounds cells to whole device pixels, so they can be narrower than the DOM renderer's:
      // fit again or the grid keeps the DOM renderer's columns and leaves a strip empty at the right.
      refit()
    }
    catch {
      renderer.value = 'dom'
    }
  }

  /** Sizes the host to the box at screen scale and fits rows/cols to it. */
  function refit(): void {
    const term = terminal.value
    const box = options.box.value
    const host = options.host.value
    if (!term || !box || !host || box.clientWidth === 0 || box.clientHeight === 0)
      return
    const scale = box.getBoundingClientRect().width / box.clientWidth || 1
    host.style.width = `${box.clientWidth * scale}px`
    host.style.height = `${box.clientHeight * scale}px`
    host.style.transform = `scale(${1 / scale})`
    const fontSize = Math.round((options.fontSize ?? 19) * scale * 100) / 100
    if (term.options.fontSize !== fontSize)
      term.options.fontSize = fontSize
    fitGrid(term, box.clientWidth * scale, box.clientHeight * scale)
  }

  function setDark(dark: boolean): void {
    if (terminal.value)
      terminal.value.options.theme = terminalTheme(dark)
  }

  onScopeDispose(() => {
    disposed = true
    disposers.splice(0).forEach(dispose => dispose())
    terminal.value?.dispose()
    terminal.value = undefined
  })

  return { terminal, renderer, size, ensure, refit, setDark }
}

/**
 * As many whole cells as fit in `width` x `height` (screen pixels). Unlike addon-fit, no scrollbar's
 * width is kept free: xterm 6 draws its scrollbar over the last column, and only while scrolling or
 * under the pointer, so a reserved strip would stay empty at the right edge. The cell size is the
 * renderer's own (a private field, as addon-fit reads it too): DOM and WebGL round it differently.
 */
function fitGrid(term: Terminal, width: number, height: number): void {
  const core = (term as unknown as { _core: { _renderService: { clear: () => void, dimensions: { css: { cell: { width: number, height: number } } } } } })._core
  const cell = core._renderService.dimensions.css.cell
  if (!cell.width || !cell.height)
    return // not measured yet; the next refit fits
  const cols = Math.max(2, Math.floor(width / cell.width))
  const rows = Math.max(1, Math.floor(height / cell.height))
  if (cols !== term.cols || rows !== term.rows) {
    core._renderService.clear()
    term.resize(cols, rows)
  }
}

/** The deck's monospace stack, from style.css's --deck-font-mono (its one home). */
function monoFontFamily(): string {
  return getComputedStyle(document.documentElement).getPropertyValue('--deck-font-mono').trim() || 'monospace'
}

/**
 * xterm measures one cell when it opens and keeps that size: opened before the web font has
 * loaded, it would lay out a fallback font's cells and leave a gutter or clip the last column.
 */
async function loadFonts(family: string): Promise<void> {
  if (!document.fonts)
    return
  await Promise.all(['400', '700'].map(weight => document.fonts.load(`${weight} 16px ${family}`).catch(() => [])))
}

/**
 * Ctrl+Shift+C copies the selection, and so does Ctrl+C while text is selected (otherwise Ctrl+C
 * still interrupts). Pasting needs nothing here: Ctrl+V / Ctrl+Shift+V fire the browser's paste
 * event, which xterm turns into input (bracketed when the shell asks for it).
 */
function copyKeyHandler(term: Terminal, event: KeyboardEvent): boolean {
  if (event.type !== 'keydown' || !event.ctrlKey || event.key.toLowerCase() !== 'c')
    return true
  if (!event.shiftKey && !term.hasSelection())
    return true
  const text = term.getSelection()
  if (text)
    void navigator.clipboard?.writeText(text).catch(() => {})
  if (!event.shiftKey)
    term.clearSelection()
  event.preventDefault()
  return false
}

/** The visible buffer as text (trailing blanks trimmed), for tests and the dev hook. */
export function bufferText(term: Terminal): string {
  const buffer = term.buffer.active
  const lines: string[] = []
  for (let i = 0; i < buffer.length; i++)
    lines.push(buffer.getLine(i)?.translateToString(true) ?? '')
  return lines.join('\n').trimEnd()
}
