/**
 * Vite settings Slidev merges into its own. The terminal libraries are imported lazily, so Vite's
 * dependency scan would find them only when a terminal first appears and then reload the page
 * mid-talk; listing them here pre-bundles them at dev-server start instead.
 */
export default {
  optimizeDeps: {
    include: ['@xterm/xterm', '@xterm/addon-web-links', '@xterm/addon-webgl'],
  },
}
