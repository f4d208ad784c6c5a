import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, test } from 'vitest'
import type { ExitInfo } from '../../server/protocol.ts'
import { type ServerHandle, startTestServer } from './support/demos-root.ts'

const PROMPT = /demos\/hello \$/

describe('a terminal session', () => {
  let server: ServerHandle
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(() => server.close())

  test('echoes what is typed and shows the command output', async () => {
    const client = await server.connect({ session: 'echo' })
    await client.waitFor(PROMPT)
    const mark = client.mark()
    client.type('echo "sum=$((40+2))"\r')
    assert.equal(await client.waitFor('sum=42', { since: mark }), 'sum=42')
    await client.close()
  })

  test('starts in the demo folder with TERM set for xterm', async () => {
    const client = await server.connect({ session: 'where', demo: 'other' })
    await client.waitFor(/demos\/other \$/)
    const mark = client.mark()
    client.type('echo "$(basename "$PWD") $TERM"\r')
    await client.waitFor('other xterm-256color', { since: mark })
    await client.close()
  })

  test('reports the exit code of the shell', async () => {
    const client = await server.connect({ session: 'exit-code' })
    await client.waitFor(PROMPT)
    const exit = new Promise<ExitInfo>(resolve => client.once('exit', resolve))
    client.type('exit 3\r')
    assert.equal((await exit).exitCode, 3)
    await client.close()
  })

  test('stty size follows a resize', async () => {
    const client = await server.connect({ session: 'resize', cols: 80, rows: 24 })
    await client.waitFor(PROMPT)
    let mark = client.mark()
    client.type('stty size\r')
    await client.waitFor('24 80', { since: mark })
    client.resize(132, 40)
    mark = client.mark()
    client.type('stty size\r')
    await client.waitFor('40 132', { since: mark })
    await client.close()
  })

  test('seq 1 1000000 arrives byte-exact although the process exits at once', async () => {
    const client = await server.connect({ session: 'seq' })
    await client.waitFor(PROMPT)
    const chunks: Uint8Array[] = []
    client.on('output', bytes => chunks.push(Buffer.from(bytes)))
    const exit = new Promise<ExitInfo>(resolve => client.once('exit', resolve))
    // `exec` makes seq the session's last process: it writes and the pty closes immediately after.
    client.type('echo BE\'\'GIN; exec seq 1 1000000\r')
    assert.equal((await exit).exitCode, 0)
    const received = Buffer.concat(chunks)
    const start = received.indexOf('BEGIN\r\n') + 'BEGIN\r\n'.length
    assert.ok(start > 'BEGIN\r\n'.length - 1, 'the BEGIN marker arrived')
    const expected = execFileSync('seq', ['1', '1000000'], { maxBuffer: 64 * 1024 * 1024 }).toString().replaceAll('\n', '\r\n')
    const sha = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex')
    assert.equal(received.length - start, expected.length)
    assert.equal(sha(received.subarray(start)), sha(expected))
    await client.close()
  })

  test('Ctrl-C under yes returns a prompt', async () => {
    const client = await server.connect({ session: 'yes' })
    await client.waitFor(PROMPT)
    client.type('yes\r')
    await client.waitFor('y\r\ny\r\ny\r\n')
    await new Promise(resolve => setTimeout(resolve, 300))
    const mark = client.mark()
    client.type('\x03')
    await client.waitFor(PROMPT, { since: mark })
    const afterPrompt = client.mark()
    client.type('echo still-here\r')
    await client.waitFor('still-here', { since: afterPrompt })
    await client.close()
  })

  test('two clients of one session see identical output', async () => {
    const first = await server.connect({ session: 'shared' })
    const second = await server.connect({ session: 'shared' })
    assert.equal(second.attached.clients, 2)
    await first.waitFor(PROMPT)
    await second.waitFor(PROMPT)
    const outputs: [Buffer[], Buffer[]] = [[], []]
    first.on('output', bytes => outputs[0].push(Buffer.from(bytes)))
    second.on('output', bytes => outputs[1].push(Buffer.from(bytes)))
    first.type('seq 1 20000; echo SHARED-""DONE\r')
    await first.waitFor('SHARED-DONE\r\n')
    await second.waitFor('SHARED-DONE\r\n')
    await first.waitFor(/SHARED-DONE\r\n[^]*demos\/hello \$/)
    await second.waitFor(/SHARED-DONE\r\n[^]*demos\/hello \$/)
    await new Promise(resolve => setTimeout(resolve, 100))
    assert.ok(Buffer.concat(outputs[0]).equals(Buffer.concat(outputs[1])))
    await first.close()
    await second.close()
  })

  test('a client that attaches later first gets the current screen', async () => {
    const first = await server.connect({ session: 'late' })
    await first.waitFor(PROMPT)
    first.type('echo early-""bird\r')
    await first.waitFor('early-bird')
    const late = await server.connect({ session: 'late' })
    await late.waitFor('early-bird', { timeoutMs: 3000 })
    await first.close()
    await late.close()
  })

  test('a read-only client sees output but may not type', async () => {
    const writer = await server.connect({ session: 'readonly' })
    const viewer = await server.connect({ session: 'readonly', readOnly: true })
    assert.equal(viewer.attached.readOnly, true)
    const refusal = new Promise<string>(resolve => viewer.once('error', info => resolve(info.code)))
    viewer.type('echo nope\r')
    assert.equal(await refusal, 'DEMO_ERR_READ_ONLY')
    writer.type('echo from-""writer\r')
    await viewer.waitFor('from-writer')
    await writer.close()
    await viewer.close()
  })

  test('restart starts a fresh shell with an empty screen', async () => {
    const client = await server.connect({ session: 'restart' })
    await client.waitFor(PROMPT)
    client.type('export MARK=before-restart\r')
    const snapshot = new Promise<Uint8Array>(resolve => client.once('snapshot', resolve))
    client.restart()
    assert.doesNotMatch(Buffer.from(await snapshot).toString(), /before-restart/)
    await new Promise(resolve => setTimeout(resolve, 300))
    const mark = client.mark()
    client.type('echo "mark=[$MARK]"\r')
    await client.waitFor('mark=[]', { since: mark })
    await client.close()
  })
})
