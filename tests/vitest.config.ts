/**
 * `npm test`: every *.test.ts under server/, components/ and tests/. Positional arguments filter by
 * path substring: `npm test -- browser`. This is the only vitest config: the top-level vite.config.ts
 * is Slidev's and must not shape the tests. The Vue plugin compiles the components for their tests
 * (`// @vitest-environment happy-dom` files beside them), as Slidev compiles them for the deck.
 */
import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

// The old runner's backstop for a test or hook that sets no timeout of its own.
const BACKSTOP_MS = 600_000

export default defineConfig({
  // Component tests (a happy-dom environment per file) mount .vue files.
  plugins: [vue()],
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['{server,components,tests}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/.slidev/**', 'bench/.peer/**', 'bench/.tmp/**', 'tests/.tmp/**'],
    // Two cores and real ptys, Docker and Chromium: one file at a time, or timing-sensitive tests
    // starve each other. Each file gets its own child process, which vitest kills when the file is
    // done, so a failing test that leaves a socket or shell open cannot hang the run.
    pool: 'forks',
    fileParallelism: false,
    isolate: true,
    testTimeout: BACKSTOP_MS,
    hookTimeout: BACKSTOP_MS,
    watch: false,
    setupFiles: ['tests/support/child-environment.ts'],
    reporters: ['default'],
  },
})
