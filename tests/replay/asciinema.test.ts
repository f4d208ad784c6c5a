/**
 * Every committed cast, and one written by our CastWriter with awkward content, must load in the
 * real asciinema CLI and print exactly the output events (our player reads them the same way).
 */
import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, test } from 'vitest'
import { castOutput, CastWriter, parseCast } from '../../server/recording/asciicast.ts'
import { skipUnless } from '../support/requirements.ts'
import { asciinemaAvailability, asciinemaCat } from './asciinema.ts'

const CASTS = path.resolve(import.meta.dirname, '../../public/casts')
const COMMITTED_CASTS = (await readdir(CASTS).catch(() => [] as string[])).filter(name => name.endsWith('.cast'))
// asciinema is installed in CI (.ci/install-system-packages.sh); elsewhere skip loudly. It goes
// with REQUIRE_DOCKER, which CI sets, because recording casts and checking them belong together.
const skip = skipUnless(await asciinemaAvailability(), 'REQUIRE_DOCKER')

async function assertAsciinemaReproduces(file: string): Promise<void> {
  const cast = parseCast(await readFile(file, 'utf8'))
  const result = await asciinemaCat(file)
  assert.equal(result.exitCode, 0, `asciinema cat ${file} failed: ${result.terminal}`)
  assert.equal(result.stdout, castOutput(cast), `asciinema cat ${path.basename(file)} printed something else than the cast's output events`)
}

describe.skipIf(skip)('asciinema cat', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'replay-asciinema-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  test('reproduces a cast with split multibyte characters, escapes, markers and a resize', async () => {
    const lines: string[] = []
    const writer = new CastWriter({ version: 2, width: 80, height: 24, timestamp: 1_700_000_000, title: 'synthetic',
      env: { TERM: 'xterm-256color', SHELL: '/bin/bash' }, docker_server: 'none' }, line => lines.push(line))
    const bytes = new TextEncoder().encode('\u001B[1;36mdemos/x $\u001B[0m échec → 🐳 "quoted" \\ back\r\n')
    writer.marker('first')
    for (let i = 0; i < bytes.length; i += 3)
      writer.output(bytes.subarray(i, i + 3))
    writer.resize(100, 30)
    writer.marker('second')
    writer.output('\u001B]633;D;0\u0007done\r\n')
    writer.end()
    const file = path.join(dir, 'synthetic.cast')
    await writeFile(file, `${lines.join('\n')}\n`)
    await assertAsciinemaReproduces(file)
  })

  // vitest has no subtests: one test per cast, from the list read before the tests are collected.
  describe('reproduces every committed cast in public/casts', () => {
    if (COMMITTED_CASTS.length === 0)
      console.log('public/casts holds no casts yet')
    for (const name of COMMITTED_CASTS)
      test(name, () => assertAsciinemaReproduces(path.join(CASTS, name)))
  })
})
