/**
 * `npm run export`: the deck as a PDF, rendered by the system's Chromium (Debian's package) rather than
 * a browser that Playwright would download, which cannot be fetched offline.
 * Extra arguments go to `slidev export` (e.g. `--with-clicks`, `--output talk.pdf`).
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']
const executable = candidates.find(candidate => candidate && existsSync(candidate))
if (!executable) {
  console.error('npm run export needs Chromium: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.')
  process.exit(1)
}

const args = ['export', '--executable-path', executable, '--timeout', '120000', ...process.argv.slice(2)]
const child = spawn('npx', ['slidev', ...args], { stdio: ['pipe', 'inherit', 'inherit'], env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } })
child.on('exit', code => process.exit(code ?? 1))
