/**
 * The server restarts under a connected client: the client sees the close (a clean 4000 "shutting
 * down" for a stop, an abnormal 1006 for a crash), its old token no longer opens anything, and after
 * reconnecting to the new instance with the new token it gets a fresh shell: the ended session and
 * everything in it are gone.
 */
import assert from 'node:assert/strict'
import { test } from 'vitest'
import { CloseCode } from '../../server/protocol.ts'
import { TerminalClient, TerminalClientError } from '../../server/terminal-client.ts'
import { type AbuseServer, descendants, makeDemosRoot, startAbuseServer } from './support/fixtures.ts'

function closed(client: TerminalClient): Promise<{ code: number; reason: string }> {
  return new Promise(resolve => client.once('close', resolve))
}

async function restartCase(how: 'stop' | 'kill', expectedCode: number): Promise<void> {
  const demos = await makeDemosRoot()
  let second: AbuseServer | undefined
  const first = await startAbuseServer({ root: demos.root })
  try {
    const client = await first.connect({ session: 'talk' })
    const before = client.mark()
    client.type('export SECRET=before-restart; echo "pid=$$"\r')
    const oldPid = (await client.waitFor(/pid=\d+/, { since: before })).slice(4)
    const gone = closed(client)
    await (how === 'stop' ? first.stop() : first.kill())
    const { code } = await gone
    assert.equal(code, expectedCode, `the client sees the ${how} as close code ${expectedCode}`)
    if (how === 'kill') {
      // A crash leaves orphaned shells to the kernel: the shell loses its pty and exits (SIGHUP).
      await new Promise(resolve => setTimeout(resolve, 500))
    }

    second = await startAbuseServer({ root: demos.root, port: first.port })
    assert.equal(second.port, first.port, 'the new instance listens where the old one did')
    await assert.rejects(TerminalClient.connect({ url: second.url, token: first.token, origin: second.origin, session: 'talk', demo: 'lab' }),
      (error: TerminalClientError) => error.status === 401, 'the token of the previous start is refused')

    const again = await second.connect({ session: 'talk' })
    try {
      assert.equal(again.attached.state, 'running')
      assert.equal(again.attached.clients, 1, 'a new session, not the old one with its viewers')
      assert.doesNotMatch(again.text, /before-restart|pid=/, 'the new screen starts empty')
      const mark = again.mark()
      again.type('echo "secret=[${SECRET:-none}] pid=$$"\r')
      const line = await again.waitFor(/secret=\[[^\]]*\] pid=\d+/, { since: mark })
      assert.match(line, /secret=\[none\]/, 'the old shell\'s state is gone')
      assert.notEqual(/pid=(\d+)/.exec(line)![1], oldPid, 'a fresh shell')
    }
    finally {
      await again.close()
    }
    if (how === 'stop')
      assert.deepEqual(await descendants(first.pid).catch(() => []), [])
  }
  finally {
    await first.stop()
    await second?.stop()
    await demos.remove()
  }
}

test('a stopped server closes its clients with 4000, and after the restart a reconnect gets a fresh shell', async () => {
  await restartCase('stop', CloseCode.ServerShutdown)
}, 60_000)

test('a crashed server drops its clients (1006), and after the restart a reconnect gets a fresh shell', async () => {
  await restartCase('kill', 1006)
}, 60_000)
