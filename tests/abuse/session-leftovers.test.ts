/**
 * Nothing a session started outlives it: containers its shell ran are removed, and Compose projects
 * it brought up are taken down with their volumes kept, when the session ends, when it is restarted,
 * and when the server is stopped with Ctrl+C. The containers' main process ignores SIGHUP, so killing
 * the shell and the docker CLI alone would leave them running.
 */
import assert from 'node:assert/strict'
import { execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, test } from 'vitest'
import { loadAllStepLists } from '../../server/demos/step-list.ts'
import { SESSION_LABEL } from '../../server/shell/session-label.ts'
import { TerminalClient } from '../../server/terminal-client.ts'
import { dockerAvailability, skipUnless } from '../support/requirements.ts'
import { type AbuseServer, eventually, startAbuseServer } from './support/fixtures.ts'

const run = promisify(execFile)
const IMAGE = 'debian:bookworm-slim'
const PROJECT = `leftovers-${process.pid}`

async function docker(...args: string[]): Promise<string> {
  return (await run('docker', args)).stdout.trim()
}

/** Containers carrying this test's own label (beside the session's). */
async function containers(mark: string): Promise<string[]> {
  const out = await docker('ps', '-aq', '--filter', `label=org.docker-overview-live.test=${mark}`)
  return out === '' ? [] : out.split('\n')
}

async function startContainer(client: TerminalClient, mark: string): Promise<void> {
  client.type(`docker run --rm --label org.docker-overview-live.test=${mark} ${IMAGE} sleep 300\r`)
  assert.ok(await eventually(async () => (await containers(mark)).length === 1, 30_000, 200), 'the container started')
}

async function gone(mark: string): Promise<void> {
  assert.ok(await eventually(async () => (await containers(mark)).length === 0, 20_000, 200),
    `container ${(await containers(mark)).join(' ')} is still there`)
}

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1')
  await once(probe, 'listening')
  const { port } = probe.address() as { port: number }
  await new Promise(resolve => probe.close(resolve))
  return port
}

describe.skipIf(skipUnless(await dockerAvailability(), 'REQUIRE_DOCKER'))('what a session started in Docker', () => {
  let server: AbuseServer
  const marks: string[] = []
  const mark = (name: string) => {
    const value = `${name}-${process.pid}`
    marks.push(value)
    return value
  }

  beforeAll(async () => {
    server = await startAbuseServer({ idleTimeoutMs: 0, killGraceMs: 300 })
    await writeFile(path.join(server.root, 'lab', 'compose.yaml'), [
      'services:',
      '  idle:',
      `    image: ${IMAGE}`,
      '    command: sleep 300',
      '    volumes: [kept:/data]',
      'volumes:',
      '  kept: {}',
      '',
    ].join('\n'))
  })

  afterAll(async () => {
    await server?.dispose()
    for (const value of marks) {
      const left = await containers(value)
      if (left.length > 0)
        await docker('rm', '-f', ...left)
    }
    await run('docker', ['compose', '-p', PROJECT, 'down', '-v']).catch(() => {})
  })

  test('a container whose PID 1 ignores SIGHUP goes when its session ends', async () => {
    const value = mark('ended')
    const client = await server.connect({ session: 'ended' })
    await startContainer(client, value)
    const labels = await docker('inspect', '--format', '{{json .Config.Labels}}', (await containers(value))[0])
    assert.match(labels, new RegExp(`"${SESSION_LABEL.replaceAll('.', '\\.')}":"[0-9a-f]+/ended"`), 'the session label says whose it is')
    await client.close()
    await gone(value)
  })

  test('a restart removes the containers of the shell it replaces', async () => {
    const value = mark('restarted')
    const client = await server.connect({ session: 'restarted' })
    try {
      await startContainer(client, value)
      client.restart()
      await gone(value)
      const marker = client.mark()
      client.type('echo fresh-$((20+1))\r')
      await client.waitFor('fresh-21', { since: marker })
    }
    finally {
      await client.close()
    }
  })

  test('a Compose project brought up in a session goes down with it and keeps its volume', async () => {
    const client = await server.connect({ session: 'compose' })
    client.type(`docker compose -p ${PROJECT} up -d\r`)
    const running = async () => docker('ps', '-q', '--filter', `label=com.docker.compose.project=${PROJECT}`)
    assert.ok(await eventually(async () => (await running()) !== '', 60_000, 300), 'the project is up')
    await client.close()
    assert.ok(await eventually(async () => (await docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${PROJECT}`)) === '', 30_000, 300),
      'the project\'s containers are gone')
    assert.equal(await docker('volume', 'ls', '-q', '--filter', `name=^${PROJECT}_kept$`), `${PROJECT}_kept`, 'its volume is kept')
  })

  test('Ctrl+C on the server removes what its sessions run', async () => {
    const value = mark('ctrl-c')
    // The CLI serves the repository's demos/; any folder with a step list will do.
    const demo = (await loadAllStepLists())[0]!.name
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/server.ts', '--port', '0'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    try {
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => (out += chunk))
      assert.ok(await eventually(() => /token: \w+/.test(out), 20_000, 50), `no token printed: ${out}`)
      const url = /listening on (ws:\S+)/.exec(out)![1]
      const token = /token: (\w+)/.exec(out)![1]
      const client = await TerminalClient.connect({ url, token, session: 'stage', demo })
      await startContainer(client, value)
      child.kill('SIGINT')
      await once(child, 'exit')
      await gone(value)
    }
    finally {
      child.kill('SIGKILL')
    }
  })

  test('Ctrl+C on npm start removes what its sessions run', async () => {
    const value = mark('npm-start')
    const demo = (await loadAllStepLists())[0]!.name
    const [deckPort, demoPort] = [await freePort(), await freePort()]
    // Its own process group, like the foreground job of a terminal, which Ctrl+C signals as a whole.
    const child = spawn('npm', ['start'], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      env: { ...process.env, DECK_PORT: String(deckPort), DEMO_PORT: String(demoPort) },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    })
    const exited = once(child, 'exit')
    try {
      let out = ''
      child.stdout.on('data', (chunk: Buffer) => (out += chunk))
      child.stderr.on('data', (chunk: Buffer) => (out += chunk))
      assert.ok(await eventually(() => /Ctrl\+C stops both/.test(out), 180_000, 200), `npm start did not come up: ${out}`)
      // The token reaches only the deck: read it where the browser does, from the dev server's modules.
      const deck = `http://127.0.0.1:${deckPort}`
      const module = await (await fetch(`${deck}/components/composables/demoServerConfig.ts`)).text()
      const token = /"VITE_DEMO_TOKEN":\s*"(\w+)"/.exec(module)?.[1]
      assert.ok(token, 'the deck\'s modules carry the token')
      const url = /demo server: (ws:\S+)/.exec(out)![1]
      const client = await TerminalClient.connect({ url, token, session: 'stage', demo,
        origin: `http://localhost:${deckPort}` })
      await startContainer(client, value)
      process.kill(-child.pid!, 'SIGINT')
      await exited
      assert.match(out, /stopping Slidev and ending every demo session/)
      await gone(value)
    }
    finally {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      }
      catch {}
    }
  }, 300_000)
})
