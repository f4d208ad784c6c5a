/**
 * Where a demo's recording lives and which part of it a slide shows. Casts are static files under
 * public/casts/, so they ship with `slidev build` and load under the deck's base URL; one fetch
 * per demo is shared by every slide showing it.
 */
import { type Cast, parseCast } from '../../server/recording/asciicast'

const cache = new Map<string, Promise<Cast>>()

export function castUrl(demo: string, base = import.meta.env?.BASE_URL ?? '/'): string {
  return `${base.endsWith('/') ? base : `${base}/`}casts/${encodeURIComponent(demo)}.cast`
}

/** Fetches and parses `casts/<demo>.cast`; rejects with a sentence a presenter can act on. */
export function loadCast(demo: string): Promise<Cast> {
  let pending = cache.get(demo)
  if (!pending) {
    pending = (async () => {
      const url = castUrl(demo)
      const response = await fetch(url)
      if (!response.ok)
        throw new Error(`no recording of demos/${demo} (${url}: HTTP ${response.status}); run \`npm run record -- ${demo}\``)
      return parseCast(await response.text())
    })()
    cache.set(demo, pending)
    pending.catch(() => cache.delete(demo))
  }
  return pending
}

/**
 * The step ids the slide around `element` lists for terminal `terminal`, in order, read from the
 * <ClickSteps> rows on the same slide (they carry data-terminal and data-step).
 */
export function slideStepIds(element: Element | undefined, terminal: string): string[] {
  const slide = element?.closest('[data-slidev-no]')
  if (!slide)
    return []
  const rows = slide.querySelectorAll(`.click-steps[data-terminal="${CSS.escape(terminal)}"] [data-step]`)
  return [...rows].map(row => row.getAttribute('data-step') ?? '').filter(Boolean)
}

/** Run ids are "<demo>:<step>", with "#retryN" on a re-run (components/ClickSteps.vue). */
export function stepIdOfRun(demo: string, runId: string): string {
  const rest = runId.startsWith(`${demo}:`) ? runId.slice(demo.length + 1) : runId
  return rest.replace(/#retry\d+$/, '')
}

export function formatRecordedAt(cast: Cast | undefined): string {
  const seconds = cast?.header.timestamp
  if (!seconds)
    return 'date unknown'
  return new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
}
