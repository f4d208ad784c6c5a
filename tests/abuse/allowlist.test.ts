/**
 * Allowlist (kiosk) mode end to end: a real server over a demos root whose step list names one
 * command; only that command runs, anything else and every keystroke is refused with
 * DEMO_ERR_COMMAND_NOT_ALLOWED, and the terminal keeps working.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, test } from 'vitest'
import { type DemoServer, startDemoServer } from '../../server/demo-server.ts'
import { loadAllStepLists } from '../../server/demos/step-list.ts'
import { ErrorCode, type ErrorInfo } from '../../server/protocol.ts'
import { TerminalClient, TerminalClientError } from '../../server/terminal-client.ts'

const STEPS = `title: Kiosk
steps:
  - id: hello
    command: echo kiosk-$((6*7))
    expect: kiosk-42
    timeout: 10
cleanup:
  - echo cleaned-$((1+1))
`

let root: string
let server: DemoServer

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'allowlist-demos-'))
  await mkdir(path.join(root, 'kiosk'))
  await writeFile(path.join(root, 'kiosk', 'steps.yaml'), STEPS)
  await mkdir(path.join(root, 'no-steps'))
  server = await startDemoServer({ demosRoot: root, allowlist: true, log: () => {} })
})

afterAll(async () => {
  await server?.close()
  await rm(root, { recursive: true, force: true })
})

function connect(session: string, demo = 'kiosk'): Promise<TerminalClient> {
  return TerminalClient.connect({ url: server.url, token: server.token, origin: server.origin, session, demo })
}

function nextError(client: TerminalClient): Promise<ErrorInfo> {
  return new Promise(resolve => client.once('error', resolve))
}

test('a command from the demo\'s step list runs and its output shows', async () => {
  const client = await connect('allowed')
  try {
    const state = await client.run({ runId: 'hello', command: 'echo kiosk-$((6*7))', expect: 'kiosk-42', timeoutMs: 10_000 })
    assert.equal(state.phase, 'done')
    assert.match(client.text, /kiosk-42/)
    const cleanup = await client.run({ runId: 'cleanup', command: 'echo cleaned-$((1+1))', timeoutMs: 10_000 })
    assert.equal(cleanup.phase, 'done')
    assert.match(client.text, /cleaned-2/)
  }
  finally {
    await client.close()
  }
})

test('any other command is refused with DEMO_ERR_COMMAND_NOT_ALLOWED and does not run', async () => {
  const client = await connect('refused')
  try {
    await assert.rejects(client.run({ runId: 'evil', command: 'echo pwned > /tmp/allowlist-pwned; echo pwn$((1+1))' }),
      (error: TerminalClientError) => error.code === ErrorCode.CommandNotAllowed && /not a step of demos\/kiosk/.test(error.message))
    await assert.rejects(client.run({ runId: 'chained', command: 'echo kiosk-$((6*7)); id' }),
      (error: TerminalClientError) => error.code === ErrorCode.CommandNotAllowed)
    // The terminal still works: the allowed step runs afterwards.
    assert.equal((await client.run({ runId: 'ok', command: 'echo kiosk-$((6*7))', expect: 'kiosk-42' })).phase, 'done')
    assert.doesNotMatch(client.text, /pwn2/)
  }
  finally {
    await client.close()
  }
})

test('typed keystrokes are refused, even many of them, and the connection stays open', async () => {
  const client = await connect('typing')
  try {
    const refusal = nextError(client)
    client.type('echo typed-$((2+3))\r')
    assert.equal((await refusal).code, ErrorCode.CommandNotAllowed)
    assert.match((await refusal).message, /typing is disabled/)
    let refused = 0
    client.on('error', () => refused++)
    for (let i = 0; i < 120; i++)
      client.type('x')
    while (refused < 120)
      await new Promise(resolve => setTimeout(resolve, 10))
    assert.equal((await client.run({ runId: 'after-typing', command: 'echo kiosk-$((6*7))', expect: 'kiosk-42' })).phase, 'done')
    assert.doesNotMatch(client.text, /typed-5/)
  }
  finally {
    await client.close()
  }
})

test('a demo folder without a step list allows no command at all', async () => {
  const client = await connect('bare', 'no-steps')
  try {
    await assert.rejects(client.run({ runId: 'ls', command: 'ls' }),
      (error: TerminalClientError) => error.code === ErrorCode.CommandNotAllowed && /has no steps\.yaml/.test(error.message))
  }
  finally {
    await client.close()
  }
})

test('without allowlist mode the same typing and commands are accepted', async () => {
  const open = await startDemoServer({ demosRoot: root, log: () => {} })
  const client = await TerminalClient.connect({ url: open.url, token: open.token, session: 'open', demo: 'kiosk' })
  try {
    const mark = client.mark()
    client.type('echo typed-$((2+3))\r')
    await client.waitFor('typed-5', { since: mark })
  }
  finally {
    await client.close()
    await open.close()
  }
})

// The CLI serves the repository's demos/; any folder with a step list will do.
const realDemo = (await loadAllStepLists())[0]?.name

test('npm run server -- --allowlist starts in allowlist mode and says so', async () => {
  assert.ok(realDemo, 'demos/ has at least one step list')
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/server.ts', '--allowlist', '--port', '0'], {
    cwd: path.resolve(import.meta.dirname, '../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  try {
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk))
    const deadline = Date.now() + 20_000
    while (!/allowlist mode/.test(out) || !/token: \w+/.test(out)) {
      assert.ok(Date.now() < deadline, `no allowlist banner; stdout: ${out}`)
      await new Promise(resolve => setTimeout(resolve, 50))
    }
    const url = /listening on (ws:\S+)/.exec(out)![1]
    const token = /token: (\w+)/.exec(out)![1]
    const client = await TerminalClient.connect({ url, token, session: 'cli', demo: realDemo! })
    try {
      const refusal = nextError(client)
      client.type('id\r')
      assert.equal((await refusal).code, ErrorCode.CommandNotAllowed)
      await assert.rejects(client.run({ runId: 'x', command: 'cat /etc/shadow' }),
        (error: TerminalClientError) => error.code === ErrorCode.CommandNotAllowed)
    }
    finally {
      await client.close()
    }
  }
  finally {
    child.kill('SIGTERM')
    await new Promise(resolve => child.once('exit', resolve))
  }
})
