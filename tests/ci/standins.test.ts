/**
 * Checks the CI Docker fixtures built by .ci/docker/prepare.sh: the stand-in images behave like
 * the official ones where the demos rely on it, compose v2 works, and pulls go through the local
 * registry mirror. Every container and volume made here has a unique name and is removed after.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import { promisify } from 'node:util'
import { afterAll, describe, test } from 'vitest'
import { dockerAvailability, skipUnless } from '../support/requirements.ts'

const run = promisify(execFile)
const PEP_701 = 'print(f"{"nested quotes"}")'
const STANDINS = ['debian:bookworm-slim', 'python:3.11-slim', 'python:3.11', 'python:3.13-slim', 'postgres:17', 'redis:7']

interface Result { code: number, stdout: string, stderr: string }

/** Runs `docker ARGS`, never throwing: the exit code is part of what tests assert. */
async function docker(args: string[], timeoutMs = 60_000): Promise<Result> {
  try {
    const { stdout, stderr } = await run('docker', args, { timeout: timeoutMs, maxBuffer: 16 << 20 })
    return { code: 0, stdout, stderr }
  }
  catch (error) {
    const failure = error as { code?: number, stdout?: string, stderr?: string }
    return { code: typeof failure.code === 'number' ? failure.code : 1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' }
  }
}

const skip = skipUnless(await dockerAvailability(), 'REQUIRE_DOCKER')
const suffix = randomBytes(4).toString('hex')
const owned = { containers: [] as string[], volumes: [] as string[] }
const name = (what: string, list: string[]) => {
  const unique = `ci-standin-test-${what}-${suffix}`
  list.push(unique)
  return unique
}

describe.skipIf(skip)('the CI stand-in images', () => {
  afterAll(async () => {
    if (owned.containers.length > 0)
      await docker(['rm', '-f', '-v', ...owned.containers])
    if (owned.volumes.length > 0)
      await docker(['volume', 'rm', '-f', ...owned.volumes])
  })

  test('exist under their real names and carry the stand-in label', async () => {
    for (const image of STANDINS) {
      const { code, stdout } = await docker(['image', 'inspect', '--format', '{{index .Config.Labels "org.docker-overview-live.standin"}}', image])
      assert.equal(code, 0, `${image} is missing: run .ci/docker/prepare.sh`)
      assert.equal(stdout.trim(), 'true', `${image} is not labelled as a stand-in`)
    }
  })

  test('python:3.11-slim rejects a PEP 701 f-string and python:3.13-slim accepts it', async () => {
    const old = await docker(['run', '--rm', '--network', 'none', 'python:3.11-slim', 'python', '-c', PEP_701])
    assert.notEqual(old.code, 0)
    assert.match(old.stderr, /SyntaxError/)
    const current = await docker(['run', '--rm', '--network', 'none', 'python:3.13-slim', 'python', '-c', PEP_701])
    assert.equal(current.code, 0, current.stderr)
    assert.equal(current.stdout.trim(), 'nested quotes')
  })

  test('pip install flask in python:3.13-slim is already satisfied without a network', async () => {
    const { code, stdout, stderr } = await docker(['run', '--rm', '--network', 'none', 'python:3.13-slim', 'pip', 'install', 'flask'])
    assert.equal(code, 0, stderr)
    assert.match(stdout, /Requirement already satisfied: flask/i)
  })

  test('both python stand-ins import the scientific and web packages the demos use', async () => {
    const modules = 'import flask, numpy, pandas, sklearn, joblib, fastapi, uvicorn, pydantic, redis, psycopg2, requests'
    for (const image of ['python:3.11-slim', 'python:3.13-slim']) {
      const { code, stderr } = await docker(['run', '--rm', '--network', 'none', image, 'python', '-c', modules])
      assert.equal(code, 0, `${image}: ${stderr}`)
    }
  })

  test('python:3.11 compiles a C extension without a network and python:3.11-slim has no compiler', async () => {
    const probe = 'command -v gcc && test -f "$(python -c "import sysconfig; print(sysconfig.get_paths()[\'include\'])")/Python.h"'
    const full = await docker(['run', '--rm', '--network', 'none', 'python:3.11', 'sh', '-c', probe])
    assert.equal(full.code, 0, `python:3.11 lacks gcc or Python.h: ${full.stderr}`)
    const slim = await docker(['run', '--rm', '--network', 'none', 'python:3.11-slim', 'sh', '-c', 'command -v gcc'])
    assert.notEqual(slim.code, 0, 'python:3.11-slim has a compiler, unlike the official slim image')
  })

  test('postgres:17 needs POSTGRES_PASSWORD and keeps a table across a new container on the same volume', async () => {
    const refused = await docker(['run', '--rm', 'postgres:17'])
    assert.notEqual(refused.code, 0)
    assert.match(refused.stderr, /superuser password is not specified/)

    const volume = name('pgdata', owned.volumes)
    const start = async (what: string, env: string[]) => {
      const container = name(what, owned.containers)
      const started = await docker(['run', '-d', '--name', container, ...env, '-v', `${volume}:/var/lib/postgresql/data`, 'postgres:17'])
      assert.equal(started.code, 0, started.stderr)
      for (let attempt = 0; attempt < 60; attempt++) {
        // Ready only once the first start's temporary server is gone and the real one listens on TCP.
        const ready = await docker(['exec', container, 'pg_isready', '-h', '127.0.0.1', '-U', 'postgres'])
        if (ready.code === 0)
          return container
        await sleep(500)
      }
      assert.fail(`postgres did not become ready:\n${(await docker(['logs', container])).stderr}`)
    }
    const first = await start('pg1', ['-e', 'POSTGRES_PASSWORD=example'])
    const created = await docker(['exec', first, 'psql', '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', 'CREATE TABLE talk (title text); INSERT INTO talk VALUES (\'Docker: an overview\');'])
    assert.equal(created.code, 0, created.stderr)
    const stopped = await docker(['stop', first])
    assert.equal(stopped.code, 0, stopped.stderr)
    assert.equal((await docker(['inspect', '--format', '{{.State.ExitCode}}', first])).stdout.trim(), '0')

    const second = await start('pg2', [])
    const selected = await docker(['exec', second, 'psql', '-U', 'postgres', '-At', '-c', 'SELECT title FROM talk'])
    assert.equal(selected.code, 0, selected.stderr)
    assert.equal(selected.stdout.trim(), 'Docker: an overview')
  })

  test('redis:7 answers PONG', async () => {
    const container = name('redis', owned.containers)
    assert.equal((await docker(['run', '-d', '--name', container, 'redis:7'])).code, 0)
    let reply: Result = { code: 1, stdout: '', stderr: '' }
    for (let attempt = 0; attempt < 20 && reply.stdout.trim() !== 'PONG'; attempt++) {
      reply = await docker(['exec', container, 'redis-cli', 'ping'])
      if (reply.stdout.trim() !== 'PONG')
        await sleep(250)
    }
    assert.equal(reply.stdout.trim(), 'PONG')
  })

  test('docker compose is version 2', async () => {
    const { code, stdout } = await docker(['compose', 'version', '--short'])
    assert.equal(code, 0)
    assert.match(stdout.trim(), /^v?2\./)
  })

  test('docker pull debian:bookworm-slim is served by the local registry mirror', async (ctx) => {
    const registry = process.env.CI_REGISTRY_ADDR ?? '127.0.0.1:5000'
    const mirrors = await docker(['info', '--format', '{{json .RegistryConfig.Mirrors}}'])
    if (!mirrors.stdout.includes(registry)) {
      const reason = `dockerd has no registry mirror ${registry} (.ci/docker/engine.sh configures it)`
      assert.notEqual(process.env.REQUIRE_DOCKER, '1', reason)
      ctx.skip(reason)
    }
    const pulled = await docker(['pull', 'debian:bookworm-slim'])
    assert.equal(pulled.code, 0, pulled.stderr)
    assert.match(pulled.stdout, /docker\.io\/library\/debian:bookworm-slim/)
  })
})
