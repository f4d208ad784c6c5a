import assert from 'node:assert/strict'
import { describe, test } from 'vitest'
import { PromptWatcher } from './prompt-watcher.ts'

const utf8 = (text: string) => new TextEncoder().encode(text)

describe('PromptWatcher', () => {
  test('sees the prompt marker and its exit status', () => {
    const watcher = new PromptWatcher()
    const seen: Array<[string, number | undefined]> = []
    watcher.watchCommand((text, exitCode) => exitCode !== undefined && seen.push([text, exitCode]))
    watcher.feed(utf8('\r\nhello\r\n\x1b]633;D;7\x07demos/x $ \x1b]633;B\x07'))
    assert.deepEqual(seen, [['\nhello\n', 7]])
    assert.equal(watcher.atPrompt, true)
  })

  test('finds a marker cut in two by a chunk boundary', () => {
    const watcher = new PromptWatcher()
    let status: number | undefined
    watcher.watchCommand((_text, exitCode) => (status ??= exitCode))
    watcher.feed(utf8('output\x1b]63'))
    assert.equal(status, undefined)
    watcher.feed(utf8('3;D;0\x07'))
    assert.equal(status, 0)
  })

  test('hands watchers the text without colours and cursor movement', () => {
    const watcher = new PromptWatcher()
    let last = ''
    watcher.watchCommand(text => (last = text))
    watcher.feed(utf8('\x1b[1;32mServer:\x1b[0m Docker Engine\x1b[K'))
    assert.equal(last, 'Server: Docker Engine')
  })

  test('waitForPrompt resolves once the prompt after a finished command is drawn', async () => {
    const watcher = new PromptWatcher()
    let resolved = false
    const waiting = watcher.waitForPrompt(5000).then(() => (resolved = true))
    watcher.feed(utf8('\x1b]633;D;0\x07'))
    await new Promise(resolve => setTimeout(resolve, 50))
    assert.equal(resolved, false, 'keys typed before readline draws its prompt would be echoed twice')
    watcher.feed(utf8('\x1b[?2004hdemos/x $ \x1b]633;B\x07'))
    await waiting
    assert.equal(watcher.atPrompt, true)
    watcher.commandStarted()
    assert.equal(watcher.atPrompt, false)
  })

  test('a prompt redrawn while a command runs or at the prompt changes nothing', () => {
    const watcher = new PromptWatcher()
    watcher.feed(utf8('\x1b]633;D;0\x07demos/x $ \x1b]633;B\x07'))
    watcher.commandStarted()
    watcher.feed(utf8('demos/x $ \x1b]633;B\x07'))
    assert.equal(watcher.atPrompt, false)
  })

  test('waitForPrompt gives up waiting once a program without our prompt has gone quiet', async () => {
    const watcher = new PromptWatcher()
    watcher.feed(utf8('\x1b]633;D;0\x07demos/x $ \x1b]633;B\x07'))
    watcher.commandStarted()
    watcher.feed(utf8('root@container:/# '))
    let resolved = false
    const waiting = watcher.waitForPrompt(5000, 300).then(() => (resolved = true))
    await new Promise(resolve => setTimeout(resolve, 150))
    assert.equal(resolved, false, 'still waiting while the output is fresh')
    await waiting
    assert.equal(watcher.atPrompt, false)
  })

  test('waitForPrompt keeps waiting for a host command that went quiet after a whole line', async () => {
    const watcher = new PromptWatcher()
    watcher.feed(utf8('\x1b]633;D;0\x07demos/x $ \x1b]633;B\x07'))
    watcher.commandStarted()
    // `docker run -d` prints the container id, then takes a while to exit.
    watcher.feed(utf8('\r\n\x1b[?2004l\r4a1bacfc70f6e1c2\r\n'))
    let resolved = false
    const waiting = watcher.waitForPrompt(5000, 100).then(() => (resolved = true))
    await new Promise(resolve => setTimeout(resolve, 400))
    assert.equal(resolved, false, 'the command has not finished: its prompt marker has not come')
    watcher.feed(utf8('\x1b]633;D;0\x07demos/x $ \x1b]633;B\x07'))
    await waiting
    assert.equal(watcher.atPrompt, true)
  })

  test('waitForPrompt does not mistake a shell that is still starting for a quiet program', async () => {
    const watcher = new PromptWatcher()
    let resolved = false
    const waiting = watcher.waitForPrompt(5000, 100).then(() => (resolved = true))
    await new Promise(resolve => setTimeout(resolve, 400))
    assert.equal(resolved, false, 'no prompt yet, so the shell is starting')
    watcher.feed(utf8('\x1b]633;D;0\x07demos/x $ \x1b]633;B\x07'))
    await waiting
  })
})
