/**
 * `npm test`: finds every *.test.ts under server/, components/ and tests/ and runs them with Node's
 * own test runner (Node 20 has no glob support in `node --test`, hence this small launcher).
 * Pass a substring to run only matching files: `npm test -- browser`.
 */
import { spawn } from 'node:child_process'
import { readdir } from 'node:fs/promises'
import path from 'node:path'

const roots = ['server', 'components', 'tests']
const filters = process.argv.slice(2)

async function findTests(dir: string): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.'))
      continue
    const full = path.join(dir, entry.name)
    if (entry.isDirectory())
      found.push(...await findTests(full))
    else if (entry.name.endsWith('.test.ts'))
      found.push(full)
  }
  return found
}

const files = (await Promise.all(roots.map(findTests))).flat().sort()
  .filter(file => filters.length === 0 || filters.some(f => file.includes(f)))
if (files.length === 0) {
  console.error(`no test files match ${filters.join(', ')}`)
  process.exit(1)
}

// Two cores: run files one at a time so timing-sensitive pty tests do not starve each other.
// --test-force-exit: a file whose failing test left a socket or shell open still ends, so one failure
// cannot hang CI; --test-timeout is a backstop for tests that set no timeout of their own.
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=1',
  '--test-force-exit', '--test-timeout=600000', ...files], { stdio: 'inherit' })
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
