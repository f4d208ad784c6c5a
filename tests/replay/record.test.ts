/**
 * `npm run record` as a user runs it: a real demo server, real shells, the real Docker engine for
 * the demos, casts written into a temporary folder and then read back by asciinema.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, test } from 'vitest'
import { castMarkers, castOutput, parseCast } from '../../server/recording/asciicast.ts'
import { loadStepList } from '../../server/demos/step-list.ts'
import { dockerAvailability, skipUnless } from '../support/requirements.ts'
import { asciinemaCat } from './asciinema.ts'

const REPO = path.resolve(import.meta.dirname, '../..')
const run = promisify(execFile)

interface CliResult {
  code: number
  stdout: string
  stderr: string
}

async function record(args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'server/cli/record.ts', ...args],
      { cwd: REPO, timeout: 600_000, maxBuffer: 16 * 1024 * 1024 })
    return { code: 0, stdout, stderr }
  }
  catch (error) {
    const failure = error as { code?: number, stdout?: string, stderr?: string }
    return { code: typeof failure.code === 'number' ? failure.code : -1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' }
  }
}

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'replay-record-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('npm run record without Docker', () => {
  test('writes no cast for a demo whose step fails, keeps its old cast, and exits 1', async () => {
    const demos = path.join(dir, 'demos')
    const out = path.join(dir, 'out-failing')
    await mkdir(path.join(demos, 'good'), { recursive: true })
    await mkdir(path.join(demos, 'bad'), { recursive: true })
    await mkdir(out)
    await writeFile(path.join(demos, 'good', 'steps.yaml'), [
      'title: Works',
      'steps:',
      '  - { id: hello, command: "echo hel\'\'lo", expect: "hello", timeout: 10 }',
      '  - { id: sum, command: "echo $((40 + 2))", expect: "42", timeout: 10 }',
    ].join('\n'))
    await writeFile(path.join(demos, 'bad', 'steps.yaml'), [
      'title: Fails',
      'steps:',
      '  - { id: fine, command: "echo fine", expect: "fine", timeout: 10 }',
      '  - { id: broken, command: "echo something-else", expect: "never-printed", timeout: 3 }',
    ].join('\n'))
    await writeFile(path.join(out, 'bad.cast'), 'the previous cast\n')

    const result = await record(['--out', out, '--demos', demos])

    assert.equal(result.code, 1, result.stdout + result.stderr)
    assert.match(result.stdout, /FAILED\s+bad: step "broken"/)
    assert.match(result.stdout, /recorded 1: good/)
    assert.equal(await readFile(path.join(out, 'bad.cast'), 'utf8'), 'the previous cast\n')
    const good = parseCast(await readFile(path.join(out, 'good.cast'), 'utf8'))
    assert.deepEqual(castMarkers(good).map(m => m.label), ['hello', 'sum'])
    assert.match(castOutput(good), /42/)
  })

  test('refuses an unknown demo name with exit code 2', async () => {
    const result = await record(['--out', path.join(dir, 'unused'), 'no-such-demo'])
    assert.equal(result.code, 2)
    assert.match(result.stderr, /no demos\/<name>\/steps.yaml for: no-such-demo/)
    await assert.rejects(stat(path.join(dir, 'unused')))
  })
})

describe.skipIf(skipUnless(await dockerAvailability(), 'REQUIRE_DOCKER'))('npm run record against the Docker engine', () => {
  const demos = ['python-versions', 'env']

  test('records each demo with a header, a marker per step and the steps\' expected output, and asciinema plays it back', async () => {
    const out = path.join(dir, 'out-docker')
    const result = await record(['--out', out, ...demos])
    assert.equal(result.code, 0, result.stdout + result.stderr)
    assert.match(result.stdout, new RegExp(`recorded 2: ${demos.slice().sort().join(', ')}`))

    for (const demo of demos) {
      const file = path.join(out, `${demo}.cast`)
      const cast = parseCast(await readFile(file, 'utf8'))
      const list = await loadStepList(demo)
      assert.equal(cast.header.title, list.title)
      assert.equal(cast.header.env?.TERM, 'xterm-256color')
      assert.match(cast.header.env?.SHELL ?? '', /bash$/)
      assert.match(String(cast.header.docker_server), /^\d+\.\d+/)
      assert.ok(Math.abs(Number(cast.header.timestamp) - Date.now() / 1000) < 900, 'timestamp is the recording time')

      const markers = castMarkers(cast)
      assert.deepEqual(markers.map(m => m.label), list.steps.map(s => s.id))
      // Each step's expected output appears between its marker and the next one ('m' as the server matches).
      markers.forEach((marker, i) => {
        const end = markers[i + 1]?.index ?? cast.events.length
        const output = cast.events.slice(marker.index, end).filter(e => e[1] === 'o').map(e => e[2]).join('')
        assert.match(output, new RegExp(list.steps[i].expect, 'm'), `step ${list.steps[i].id} of ${demo}`)
      })

      const played = await asciinemaCat(file)
      assert.equal(played.exitCode, 0, played.terminal)
      assert.equal(played.stdout, castOutput(cast))
    }
  })
})
