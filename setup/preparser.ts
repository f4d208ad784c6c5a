/**
 * One set of slides, two talks: the full one (about 2 h) and a short one (about 45 min) without the
 * slides whose frontmatter says `optional: true`.
 *
 * Choose the short talk with `TALK_VERSION=short` (`npm start`, `npm run build`, `npm run export`)
 * or with `talkVersion: short` in the headmatter; the variable wins. Slidev reads this while it
 * parses the slides, and a left-out slide gets Slidev's own `hide`, so the live deck, the presenter
 * view, the static build and the PDF all show the same talk, numbered without gaps. In the full
 * talk an optional slide's notes begin by saying that it is optional.
 */
import { definePreparserSetup } from '@slidev/types'

export type TalkVersion = 'full' | 'short'

export const OPTIONAL_NOTE = '[Optional: not in the short talk (TALK_VERSION=short).]'

/** The version asked for; anything but `full` or `short` is a mistake worth stopping for. */
export function talkVersion(headmatter: Record<string, unknown>, env: Record<string, string | undefined> = process.env): TalkVersion {
  const chosen = env.TALK_VERSION || headmatter.talkVersion || 'full'
  if (chosen !== 'full' && chosen !== 'short')
    throw new TypeError(`TALK_VERSION (or the headmatter's talkVersion) must be "full" or "short", not "${String(chosen)}"`)
  return chosen
}

/** Whether a slide with this frontmatter is shown in `version`. */
export function shownIn(version: TalkVersion, frontmatter: Record<string, unknown>): boolean {
  return version === 'full' || frontmatter.optional !== true
}

export default definePreparserSetup(({ headmatter }) => {
  const version = talkVersion(headmatter ?? {})
  return [{
    name: 'talk-version',
    async transformSlide(_content, frontmatter: Record<string, unknown>) {
      if (!shownIn(version, frontmatter))
        frontmatter.hide = true
      return undefined
    },
    async transformNote(note, frontmatter: Record<string, unknown>) {
      return frontmatter.optional === true ? `${OPTIONAL_NOTE}\n\n${note ?? ''}`.trim() : undefined
    },
  }]
})
