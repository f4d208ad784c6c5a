/**
 * Whether a slide terminal may open a session now. Pure, so it can be tested without Slidev:
 * useLiveSlide.ts and useSlideTerminal.ts feed it Slidev's render context, print mode and page numbers.
 *
 * Only a live slide ('slide' in the audience window, 'presenter' for the presenter's current slide)
 * ever connects; overview thumbnails, the presenter's next-slide preview and print/export never do,
 * as Slidev's own SlidevVideo and Monaco behave. A live slide connects once it is the current one
 * (only then does its box have a size to fit) and stays connected while it is next to the current
 * one, so stepping back and forth does not reconnect; 40 slides never open 40 sessions at load.
 */
export interface GateInput {
  /** Slidev's $renderContext: 'slide' | 'presenter' | 'overview' | 'previewNext' | 'none'. */
  renderContext: string
  printMode: boolean
  /** This slide's number ($page). */
  page: number
  /** The slide shown now ($nav.currentPage). */
  currentPage: number
  /** Whether the terminal is connected or connecting already. */
  connected: boolean
}

/** Slidev's print and export pages (`/print`, `/presenter/print`, `/export/3`), whatever the base. */
export function isPrintPath(pathname: string): boolean {
  return /\/(?:print|export)(?:\/|$)/.test(pathname)
}

export function isLiveContext(renderContext: string, printMode: boolean): boolean {
  return !printMode && (renderContext === 'slide' || renderContext === 'presenter')
}

export function shouldConnect(input: GateInput): boolean {
  if (!isLiveContext(input.renderContext, input.printMode))
    return false
  const distance = Math.abs(input.page - input.currentPage)
  return distance === 0 || (input.connected && distance <= 1)
}
