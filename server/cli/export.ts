/**
 * `npm run export`: the deck as a PDF, rendered by the system's Chromium (see ../chromium-path.ts)
 * rather than a browser Playwright would download. Extra arguments go to `slidev export`
 * (e.g. `--with-clicks`, `--output talk.pdf`, or `--executable-path` for another browser).
 */
import { spawn } from 'node:child_process'
import { findChromium, NO_CHROMIUM } from '../chromium-path.ts'

const extra = process.argv.slice(2)
let browser: string[] = []
if (!extra.includes('--executable-path')) {
  const found = findChromium()
  if (!found) {
    console.error(NO_CHROMIUM)
    process.exit(1)
  }
  browser = ['--executable-path', found]
}

const args = ['export', ...browser, '--timeout', '120000', ...extra]
const child = spawn('npx', ['slidev', ...args], { stdio: ['pipe', 'inherit', 'inherit'] })
child.on('exit', code => process.exit(code ?? 1))
