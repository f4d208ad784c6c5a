/**
 * Vite settings Slidev merges into its own. The terminal libraries and the engine picture's layout
 * library are imported lazily, so Vite's dependency scan would find them only when a terminal or a
 * picture first appears and then reload the page mid-talk; listing them here pre-bundles them at
 * dev-server start instead.
 */
export default {
  optimizeDeps: {
    include: ['@xterm/xterm', '@xterm/addon-web-links', '@xterm/addon-webgl', 'elkjs/lib/elk.bundled.js'],
  },
}
