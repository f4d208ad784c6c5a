/**
 * In the dev server only, `window.__demoTerminals` lists the slide terminals so the browser tests
 * can read what a terminal shows (its buffer as text) whichever renderer drew it: the WebGL renderer
 * leaves no text in the DOM. Built decks (import.meta.env.DEV false) expose nothing.
 */
export interface TerminalProbe {
  id: string
  page: number
  renderContext: string
  status: () => string
  text: () => string
}

declare global {
  interface Window {
    __demoTerminals?: Set<TerminalProbe>
  }
}

/** Adds a probe; returns the function that removes it. */
export function exposeTerminalForTests(probe: TerminalProbe): () => void {
  if (!import.meta.env.DEV || typeof window === 'undefined')
    return () => {}
  window.__demoTerminals ??= new Set()
  window.__demoTerminals.add(probe)
  return () => window.__demoTerminals?.delete(probe)
}
