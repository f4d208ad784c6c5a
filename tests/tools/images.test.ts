import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { execa } from 'execa'
import { afterAll, describe, test } from 'vitest'
import { scanDemos, scanCommand } from '../../server/docker/demo-scan.ts'
import { dockerAvailability, skipUnless } from '../support/requirements.ts'

const skip = skipUnless(await dockerAvailability(), 'REQUIRE_DOCKER')
const images = (args: string[]) => execa('npx', ['tsx', 'server/cli/images.ts', ...args], { reject: false, stdin: 'ignore' })

describe('npm run images', () => {
  test('finds the images from the step lists, Dockerfiles and compose files, skipping the ones demos build', async () => {
    const fixture = await scanDemos('tests/tools/fixtures/demos')
    assert.deepEqual([...fixture.images.keys()], ['debian:bookworm-slim', 'demo-doctor-fixture/never-pulled:0.1', 'redis:7'])
    assert.ok(fixture.built.has('demo/missing-image:1'))
    assert.deepEqual([...fixture.ports.keys()].sort(), [8098, 8099])

    const real = await scanDemos()
    for (const image of ['python:3.11-slim', 'python:3.13-slim', 'postgres:17', 'redis:7', 'debian:bookworm-slim'])
      assert.ok(real.images.has(image), `${image} is found`)
    assert.ok([...real.images.keys()].every(image => !image.startsWith('demo/')))
  })

  test('reads the image out of docker run options and quotes', () => {
    assert.deepEqual(scanCommand('docker run --rm -v "$PWD:/src:ro" -e A=1 -p 8081:8000 python:3.13-slim python x.py'),
      { images: ['python:3.13-slim'], ports: [8081], tags: [] })
    assert.deepEqual(scanCommand('docker pull debian:bookworm-slim && docker images debian').images, ['debian:bookworm-slim'])
  })

  test.skipIf(skip)('names an image that cannot be pulled, says why, and still pulls the rest', async () => {
    const result = await images(['demo-images-test/does-not-exist:0', 'debian:bookworm-slim'])
    assert.match(result.stdout, /\[1\/2\] demo-images-test\/does-not-exist:0 \.\.\. FAILED: \S/)
    assert.match(result.stdout, /\[2\/2\] debian:bookworm-slim \.\.\. ok: /)
    assert.match(result.stderr, /1 of 2 failed:\n {2}demo-images-test\/does-not-exist:0: \S/)
    assert.equal(result.exitCode, 1)
  })

  describe.skipIf(skip)('--save and --load', () => {
    const tag = `demo/images-roundtrip:${process.pid}`
    let dir: string
    afterAll(async () => {
      await execa('docker', ['image', 'rm', tag], { reject: false })
      if (dir)
        await rm(dir, { recursive: true, force: true })
    })

    test('round-trip one small image through a file', async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'images-test-'))
      await writeFile(path.join(dir, 'hello.txt'), 'a tiny image\n')
      const tar = await execa('tar', ['-cf', '-', '-C', dir, 'hello.txt'], { encoding: 'buffer' })
      await execa('docker', ['import', '-', tag], { input: tar.stdout })
      const file = path.join(dir, 'images.tar')

      const saved = await images([tag, '--save', file])
      assert.equal(saved.exitCode, 0, saved.stderr)
      assert.match(saved.stdout, new RegExp(`saved 1 image\\(s\\) to ${file}: ${tag}`))
      await execa('docker', ['image', 'rm', tag])

      const loaded = await images(['--load', file])
      assert.equal(loaded.exitCode, 0, loaded.stderr)
      assert.match(loaded.stdout, new RegExp(`loaded ${tag}`))
      assert.equal((await execa('docker', ['image', 'inspect', tag], { reject: false })).exitCode, 0)
    })
  })
})
