/**
 * App setup, run once per window before the first slide renders.
 *
 * - The demo server's address may come in the page query (`?demoServer=…&demoToken=…`, as `npm run
 *   server` prints it); Slidev's router drops the query on the first navigation, so it is read and
 *   kept for the tab here, not when the first terminal happens to mount (which may be many slides later).
 * - The window's terminal state (components/composables/deckState.ts) is provided to every slide,
 *   the presenter view and print alike.
 */
import { defineAppSetup } from '@slidev/types'
import { demoServerConfig } from '../components/composables/demoServerConfig'
import { provideDeckState } from '../components/composables/deckState'

export default defineAppSetup(({ app }) => {
  demoServerConfig()
  provideDeckState(app)
})
