/**
 * What one slide shows a projector, measured in the page: the size of every piece of visible text,
 * the rows of code in view, step-list commands that are cut off, and each terminal's grid against
 * its box. Plain browser JavaScript in a string, like OVERFLOW_PROBE (tsx would wrap named
 * functions in a helper the page lacks); `(LEGIBILITY_PROBE)(no)` resolves to a LegibilityReport.
 *
 * Sizes are on the 1280×720 canvas: the computed font size times every CSS transform between the
 * text and the slide (and an SVG's viewBox scale), so a Mermaid chart drawn at 0.9 or a diagram
 * scaled to its box counts at the size it shows. Text counts when it is rendered, not fully
 * transparent and not clipped away (by overflow or by the slide's edge). Each piece has a kind:
 * - `code`: monospace text in `pre`, `code`, `kbd`, terminals and step lists;
 * - `label`: chrome around the content: terminal bars, badges, replay controls, step numbers and
 *   states, the LIVE badge, and the text of diagrams (SVG files and Mermaid);
 * - `text`: everything else: titles, paragraphs, lists, tables, cards and footnotes.
 */

export type TextKind = 'text' | 'code' | 'label'

export interface MeasuredText {
  kind: TextKind
  /** Font size in canvas pixels, one decimal. */
  size: number
  /** The start of the text, to find it on the slide. */
  text: string
  /** Its element: tag and first class, or the diagram file. */
  where: string
  /** Drawn by a terminal (xterm's DOM renderer). */
  terminal: boolean
}

export interface MeasuredTerminal {
  id: string
  mode: string
  renderer: 'webgl' | 'dom'
  cols: number
  rows: number
  cellWidth: number
  cellHeight: number
  /** Canvas pixels of the box that the grid leaves empty, across and down (negative: clipped). */
  spareX: number
  spareY: number
}

export interface LegibilityReport {
  texts: MeasuredText[]
  /** Rows of code in view on the slide, all code blocks together. */
  codeRows: number
  /** Step-list commands that do not show whole. */
  cutCommands: string[]
  /** Inline code that sticks out of the block it sits in. */
  overhangs: string[]
  terminals: MeasuredTerminal[]
}

export const LEGIBILITY_PROBE = `async (no) => {
  const slide = document.querySelector('[data-slidev-no="' + no + '"]')
  const slideBox = slide.getBoundingClientRect()
  const unit = slideBox.width / slide.offsetWidth || 1
  const CODE = 'pre, code, kbd, samp, .xterm, .cast-screen__text'
  const LABEL = '.live-terminal__bar, .live-badge, .terminal-placeholder__note, .terminal-placeholder__prompt, .click-steps .marker, .click-steps .state, .click-steps-hint, .click-steps-error, .cast-screen__badge, .cast-screen__error, svg'
  const kindOf = el => el.closest(LABEL) ? 'label' : el.closest(CODE) ? 'code' : 'text'
  const shown = el => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })
  const round = (value, digits) => Math.round(value * 10 ** digits) / 10 ** digits
  // Whether any of rect survives the clipping of el's scrolling or clipping ancestors and the slide.
  const inView = (rect, el) => {
    let left = Math.max(rect.left, slideBox.left)
    let top = Math.max(rect.top, slideBox.top)
    let right = Math.min(rect.right, slideBox.right)
    let bottom = Math.min(rect.bottom, slideBox.bottom)
    for (let a = el; a && a !== slide; a = a.parentElement) {
      const style = getComputedStyle(a)
      if (style.overflowX !== 'visible' || style.overflowY !== 'visible') {
        const clip = a.getBoundingClientRect()
        left = Math.max(left, clip.left)
        top = Math.max(top, clip.top)
        right = Math.min(right, clip.right)
        bottom = Math.min(bottom, clip.bottom)
      }
    }
    return right - left > 0.5 && bottom - top > 0.5
  }
  // How much the CSS transforms between the slide and el (or an SVG's viewBox) enlarge el's text.
  const scaleOf = el => {
    let scale = 1
    for (let a = el; a && a !== slide; a = a.parentElement) {
      if (a instanceof SVGGraphicsElement) {
        const m = a.getScreenCTM()
        return m ? scale * Math.hypot(m.a, m.b) / unit : scale
      }
      const transform = getComputedStyle(a).transform
      if (transform && transform !== 'none') {
        const m = new DOMMatrix(transform)
        scale *= Math.hypot(m.a, m.b)
      }
    }
    return scale
  }
  const describe = el => el.tagName.toLowerCase() + (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/)[0] : '')

  const texts = []
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const value = node.nodeValue.trim()
    const el = node.parentElement
    if (!value || !el || !shown(el) || el.closest('.xterm-helpers, style, script, title, desc'))
      continue
    const range = document.createRange()
    range.selectNodeContents(node)
    if (![...range.getClientRects()].some(rect => inView(rect, el)))
      continue
    const size = parseFloat(getComputedStyle(el).fontSize) * scaleOf(el)
    texts.push({ kind: kindOf(el), size: round(size, 1), text: value.slice(0, 40), where: describe(el), terminal: !!el.closest('.xterm') })
  }

  // Diagrams drawn as SVG files: laid out inline at the size the <img> shows, their text measured there.
  for (const img of slide.querySelectorAll('img[src$=".svg"]')) {
    if (!shown(img))
      continue
    const rect = img.getBoundingClientRect()
    const holder = document.createElement('div')
    holder.style.cssText = 'position:fixed;left:0;top:0;pointer-events:none;width:' + rect.width + 'px;height:' + rect.height + 'px'
    holder.innerHTML = await fetch(img.src).then(response => response.text())
    const svg = holder.querySelector('svg')
    svg.setAttribute('width', String(rect.width))
    svg.setAttribute('height', String(rect.height))
    document.body.appendChild(holder)
    const svgWalker = document.createTreeWalker(holder, NodeFilter.SHOW_TEXT)
    for (let node = svgWalker.nextNode(); node; node = svgWalker.nextNode()) {
      const el = node.parentElement
      if (!node.nodeValue.trim() || !el || el.closest('style, title, desc'))
        continue
      const m = el.getScreenCTM()
      const size = parseFloat(getComputedStyle(el).fontSize) * (m ? Math.hypot(m.a, m.b) : 1) / unit
      texts.push({ kind: 'label', size: round(size, 1), text: node.nodeValue.trim().slice(0, 40), where: img.getAttribute('src'), terminal: false })
    }
    holder.remove()
  }

  // Rows of code in view: the distinct rows of text of every visible code block (a wrapped line
  // counts as the rows it takes; blank lines and rows clipped away do not count).
  let codeRows = 0
  for (const pre of slide.querySelectorAll('pre')) {
    if (!shown(pre) || pre.closest('.xterm'))
      continue
    const rows = new Set()
    const preWalker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT)
    for (let node = preWalker.nextNode(); node; node = preWalker.nextNode()) {
      if (!node.nodeValue.trim() || !shown(node.parentElement))
        continue
      const range = document.createRange()
      range.selectNodeContents(node)
      for (const rect of range.getClientRects()) {
        if (rect.width > 0 && inView(rect, node.parentElement))
          rows.add(Math.round((rect.top + rect.bottom) / 2 / (4 * unit)))
      }
    }
    codeRows += rows.size
  }

  // Step-list commands: wrapped in full, never clamped, ellipsized or clipped.
  const cutCommands = []
  for (const code of slide.querySelectorAll('.click-steps code')) {
    const style = getComputedStyle(code)
    const clamped = style.webkitLineClamp && style.webkitLineClamp !== 'none'
    if (clamped || style.textOverflow === 'ellipsis' || code.scrollWidth > code.clientWidth + 1 || code.scrollHeight > code.clientHeight + 1)
      cutCommands.push(code.textContent.slice(0, 60))
  }

  // Inline code wider than the block it sits in runs over its neighbours (a card, a column).
  const overhangs = []
  for (const code of slide.querySelectorAll('code')) {
    if (code.closest('pre, .click-steps') || !shown(code))
      continue
    let block = code.parentElement
    while (block !== slide && getComputedStyle(block).display.startsWith('inline'))
      block = block.parentElement
    const style = getComputedStyle(block)
    const outer = block.getBoundingClientRect()
    const right = outer.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth)
    if (code.getBoundingClientRect().right > right + 1)
      overhangs.push(code.textContent.slice(0, 60))
  }

  // Terminals: the grid (columns x rows of cells, as the terminal's element says) against the box
  // it is fitted into.
  const terminals = []
  for (const box of slide.querySelectorAll('.live-terminal__box')) {
    const screen = box.querySelector('.xterm-screen')
    const terminal = box.closest('.live-terminal')
    const cols = Number(terminal.dataset.cols)
    const rows = Number(terminal.dataset.rows)
    if (!screen || !cols || !rows)
      continue
    const boxRect = box.getBoundingClientRect()
    const screenRect = screen.getBoundingClientRect()
    terminals.push({
      id: terminal.dataset.terminal,
      mode: terminal.dataset.mode,
      renderer: screen.querySelector('canvas') ? 'webgl' : 'dom',
      cols,
      rows,
      cellWidth: round(screenRect.width / cols / unit, 3),
      cellHeight: round(screenRect.height / rows / unit, 3),
      spareX: round((boxRect.width - screenRect.width) / unit, 1),
      spareY: round((boxRect.height - screenRect.height) / unit, 1),
    })
  }
  return { texts, codeRows, cutCommands, overhangs, terminals }
}`
