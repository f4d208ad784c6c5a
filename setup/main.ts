/**
 * App setup, run once per window before the first slide renders. The demo server's address may come
 * in the page query (`?demoServer=…&demoToken=…`, as `npm run server` prints it); Slidev's router
 * drops the query on the first navigation, so it is read and kept for the tab here, not when the
 * first terminal happens to mount (which may be many slides later).
 */
import { defineAppSetup } from '@slidev/types'
import { demoServerConfig } from '../components/composables/demoServerConfig'

export default defineAppSetup(() => {
  demoServerConfig()
})
