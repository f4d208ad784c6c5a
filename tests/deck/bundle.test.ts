/**
 * What `slidev build` ships carries no hook for the tests: they read what a terminal shows from the
 * page, as a person would (tests/replay/browser.ts).
 */
import assert from 'node:assert/strict'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { beforeAll, describe, test } from 'vitest'
import { builtDeck } from '../support/built-deck.ts'

/** Window properties a test hook would hang on the page, and the functions that would set them. */
const TEST_HOOKS = /__demo[A-Z]\w*|exposeTerminalForTests|exposeReplayForTests/g

describe('the built deck\'s scripts', () => {
  let scripts: Array<{ file: string, text: string }>

  beforeAll(async () => {
    const build = await builtDeck()
    assert.equal(build.error, undefined, `slidev build failed:\n${build.output.slice(-3000)}`)
    const assets = path.join(build.path, 'assets')
    const files = (await readdir(assets)).filter(file => file.endsWith('.js'))
    scripts = await Promise.all(files.map(async file => ({ file, text: await readFile(path.join(assets, file), 'utf8') })))
  }, 600_000)

  test('include the slide terminal', () => {
    assert.ok(scripts.some(script => script.text.includes('live-terminal__box')), 'no script renders a LiveTerminal')
  })

  test('carry no test hook', () => {
    const found = scripts.flatMap(script => [...script.text.matchAll(TEST_HOOKS)].map(match => `${script.file}: ${match[0]}`))
    assert.deepEqual([...new Set(found)], [])
  })
})
