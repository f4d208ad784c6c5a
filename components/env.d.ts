/** Types the TypeScript checker needs for the deck's components (tsc itself cannot read .vue files). */
/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue'

  const component: DefineComponent<object, object, unknown>
  export default component
}

interface ImportMetaEnv {
  /** Base URL of the demo server, set by `npm start` for the Slidev dev server only (never for build). */
  readonly VITE_DEMO_SERVER_URL?: string
  /** The demo server's per-start token, set together with VITE_DEMO_SERVER_URL. */
  readonly VITE_DEMO_TOKEN?: string
}
