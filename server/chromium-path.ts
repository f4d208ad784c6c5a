/**
 * Where the system's Chromium is. The deck never downloads a browser (Playwright's own would need a
 * host outside the npm registry): `npm run export` and the browser tests drive the one installed.
 * Order: $CHROMIUM_PATH, then the usual names on PATH, then the macOS application bundles.
 */
import { accessSync, constants } from 'node:fs'
import path from 'node:path'

const NAMES_ON_PATH = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']
const MAC_BUNDLES = [
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
]

/** One sentence for a user who has none. */
export const NO_CHROMIUM = 'No Chromium found: install it (Debian or Ubuntu: sudo apt-get install chromium; macOS: Google Chrome or Chromium in /Applications) or set CHROMIUM_PATH to its executable.'

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return true
  }
  catch {
    return false
  }
}

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_PATH)
    return executable(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean)
  for (const name of NAMES_ON_PATH) {
    for (const dir of dirs) {
      if (executable(path.join(dir, name)))
        return path.join(dir, name)
    }
  }
  return MAC_BUNDLES.find(executable)
}
