/**
 * Where a demo's recording lives and which part of it a slide shows. Casts are static files under
 * public/casts/, so they ship with `slidev build` and load under the deck's base URL; one fetch
 * per demo is shared by every slide of the window showing it (the deck's CastCache, deckState.ts).
 */
import { type Cast, parseCast } from '../../server/recording/asciicast'

export function castUrl(demo: string, base = import.meta.env?.BASE_URL ?? '/'): string {
  return `${base.endsWith('/') ? base : `${base}/`}casts/${encodeURIComponent(demo)}.cast`
}

/** Fetched and parsed casts by demo name; a failed fetch is forgotten, so a later slide tries again. */
export class CastCache {
  private readonly pending = new Map<string, Promise<Cast>>()

  constructor(private readonly fetchText: (url: string) => Promise<Response> = url => fetch(url)) {}

  /** Fetches and parses `casts/<demo>.cast` once; rejects with a sentence a presenter can act on. */
  load(demo: string): Promise<Cast> {
    let cast = this.pending.get(demo)
    if (!cast) {
      cast = (async () => {
        const url = castUrl(demo)
        const response = await this.fetchText(url)
        if (!response.ok)
          throw new Error(`no recording of demos/${demo} (${url}: HTTP ${response.status}); run \`npm run record -- ${demo}\``)
        return parseCast(await response.text())
      })()
      this.pending.set(demo, cast)
      cast.catch(() => this.pending.delete(demo))
    }
    return cast
  }
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

/** The badge on every replayed or printed terminal: honest that it is a recording, and from when. */
export function recordingBadge(cast: Cast | undefined): string {
  return `recording · recorded ${formatRecordedAt(cast)}`
}

export function formatRecordedAt(cast: Cast | undefined): string {
  const seconds = cast?.header.timestamp
  if (!seconds)
    return 'date unknown'
  return new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'
}
