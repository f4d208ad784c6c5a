/**
 * The engine picture against the machine's real Docker engine: what `docker run`, `stop`, `rm`,
 * `-v`, `-p` and `docker compose up` do shows in the picture a window holds, within half a second
 * of the command returning, and no environment value ever reaches it. Every object is named
 * demo-enginetest-<random> and removed afterwards.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, test } from 'vitest'
import { docker } from '../../server/docker/docker-cli.ts'
import { EngineFollower } from '../../server/engine/engine-follower.ts'
import type { EnginePicture, PictureContainer } from '../../server/protocol.ts'
import { type PictureWatch, watchPicture } from '../support/picture-watch.ts'
import { dockerAvailability, skipUnless } from '../support/requirements.ts'

/** How soon after a command returns its effect must show; the issue asks for 500 ms. */
const SHOWS_WITHIN_MS = 500
const IMAGE = 'debian:bookworm-slim'
/** An image no demo uses, for "another project". */
const OTHER_IMAGE = 'debian:trixie-slim'

const prefix = `demo-enginetest-${randomBytes(3).toString('hex')}`
const secret = `secret-${randomBytes(8).toString('hex')}`

async function mustDocker(...args: string[]): Promise<string> {
  const result = await docker(args, { timeoutMs: 120_000 })
  assert.ok(result.ok, `docker ${args.join(' ')} failed: ${result.stderr}`)
  return result.stdout
}

const named = (picture: EnginePicture, name: string): PictureContainer | undefined =>
  picture.containers.find(container => container.name === name)

describe.skipIf(skipUnless(await dockerAvailability(), 'REQUIRE_DOCKER'))('the engine picture of the real engine', () => {
  let follower: EngineFollower
  let watch: PictureWatch
  let composeDir: string

  beforeAll(async () => {
    follower = new EngineFollower({ log: (level, message) => console.error(`${level}: ${message}`) })
    watch = watchPicture(follower)
    await watch.waitFor(picture => picture.engine.status === 'live', 30_000, 'the engine to answer')
  })

  afterAll(async () => {
    watch?.stop()
    follower?.close()
    if (composeDir) {
      await docker(['compose', '-p', `${prefix}-shop`, 'down', '-v', '-t', '0'], { cwd: composeDir, timeoutMs: 120_000 })
      await rm(composeDir, { recursive: true, force: true })
    }
    const leftovers = (await docker(['ps', '-aq', '--filter', `name=${prefix}`])).stdout.split('\n').filter(Boolean)
    if (leftovers.length)
      await docker(['rm', '-f', ...leftovers])
    const volumes = (await docker(['volume', 'ls', '-q', '--filter', `name=${prefix}`])).stdout.split('\n').filter(Boolean)
    if (volumes.length)
      await docker(['volume', 'rm', '-f', ...volumes])
  })

  /** Waits at most SHOWS_WITHIN_MS for the picture to show what a command just did. */
  const shows = (test: (picture: EnginePicture) => boolean, what: string) => watch.waitFor(test, SHOWS_WITHIN_MS, what)

  describe('one container\'s life', () => {
    const name = `${prefix}-life`

    test('a container started with docker run appears, running, with its image', async () => {
      await mustDocker('run', '-d', '--name', name, '-e', `DEMO_TOKEN=${secret}`, IMAGE, 'sleep', '300')
      const picture = await shows(p => named(p, name)?.status === 'running', `${name} running`)
      const container = named(picture, name)!
      assert.equal(container.image, IMAGE)
      assert.ok(picture.images.some(image => image.id === container.imageId && image.tags.includes(IMAGE)), 'its image is in the picture')
      assert.ok(container.networks.some(id => picture.networks.find(network => network.id === id)?.name === 'bridge'), 'on the default bridge')
    })

    test('stopped, it turns exited with the exit code', async () => {
      await mustDocker('stop', '-t', '0', name)
      const picture = await shows(p => named(p, name)?.status === 'exited', `${name} exited`)
      assert.equal(named(picture, name)!.exitCode, 137, 'sleep as PID 1 is killed')
    })

    test('removed, it is gone while its image stays', async () => {
      await mustDocker('rm', name)
      const picture = await shows(p => !named(p, name), `${name} gone`)
      assert.ok(picture.images.some(image => image.tags.includes(IMAGE)), 'the image stays')
    })
  })

  test('a --rm container is marked so, and is gone once it ends', async () => {
    const name = `${prefix}-once`
    await mustDocker('run', '-d', '--rm', '--name', name, IMAGE, 'sleep', '1')
    const picture = await shows(p => named(p, name) !== undefined, `${name} to appear`)
    assert.equal(named(picture, name)!.autoRemove, true)
    await watch.waitFor(p => !named(p, name), 15_000, `${name} gone after it ends`)
  })

  test('a named volume shows as mounted, and outlives the container that used it', async () => {
    const name = `${prefix}-vol`
    const volume = `${prefix}-data`
    await mustDocker('run', '-d', '--name', name, '-v', `${volume}:/data`, IMAGE, 'sleep', '300')
    const picture = await shows(p => named(p, name)?.status === 'running' && p.volumes.some(v => v.name === volume), `${name} with ${volume}`)
    assert.deepEqual(named(picture, name)!.mounts, [{ type: 'volume', name: volume, destination: '/data', readOnly: false }])
    await mustDocker('rm', '-f', name)
    const after = await shows(p => !named(p, name), `${name} gone`)
    assert.ok(after.volumes.some(v => v.name === volume), 'the volume is still there')
    await mustDocker('volume', 'rm', volume)
    await shows(p => !p.volumes.some(v => v.name === volume), `${volume} gone`)
  })

  test('a published port shows host port and container port', async () => {
    const name = `${prefix}-port`
    await mustDocker('run', '-d', '--name', name, '-p', '127.0.0.1::80', IMAGE, 'sleep', '300')
    const hostPort = Number((await mustDocker('port', name, '80/tcp')).split(':').pop())
    const picture = await shows(p => (named(p, name)?.ports.length ?? 0) > 0, `${name} with a port`)
    assert.deepEqual(named(picture, name)!.ports, [{ hostIp: '127.0.0.1', hostPort, containerPort: 80, protocol: 'tcp' }])
    await mustDocker('rm', '-f', name)
  })

  test('a compose project shows its containers tagged with the project, and the network and volume named after it', async () => {
    composeDir = await mkdtemp(path.join(os.tmpdir(), 'engine-compose-'))
    await writeFile(path.join(composeDir, 'compose.yaml'), [
      'services:',
      '  web:',
      `    image: ${IMAGE}`,
      '    command: ["sleep", "300"]',
      '    environment:',
      `      SHOP_PASSWORD: ${secret}`,
      '    volumes: ["data:/data"]',
      'volumes:',
      '  data: {}',
      '',
    ].join('\n'))
    const project = `${prefix}-shop`
    await mustDocker('compose', '-p', project, '--project-directory', composeDir, 'up', '-d')
    const picture = await shows(p => p.containers.some(c => c.compose?.project === project && c.status === 'running'), `${project} running`)
    const web = picture.containers.find(c => c.compose?.project === project)!
    assert.deepEqual(web.compose, { project, service: 'web' })
    assert.equal(web.name, `${project}-web-1`)
    const network = picture.networks.find(n => n.name === `${project}_default`)
    assert.ok(network, 'the project\'s default network')
    assert.deepEqual(network.compose, { project })
    assert.ok(web.networks.includes(network.id))
    assert.ok(picture.volumes.some(v => v.name === `${project}_data` && v.compose?.project === project), 'the project\'s volume')
    await mustDocker('compose', '-p', project, '--project-directory', composeDir, 'down', '-v', '-t', '0')
    await watch.waitFor(p => !p.containers.some(c => c.compose?.project === project) && !p.networks.some(n => n.compose?.project === project), 5_000, `${project} gone`)
  })

  test('another project\'s container stays out of the picture', async () => {
    const name = `enginetest-other-${prefix.slice(-6)}`
    try {
      await mustDocker('run', '-d', '--name', name, '-e', `PAYROLL_KEY=${secret}`, OTHER_IMAGE, 'sleep', '300')
      const marker = `${prefix}-marker`
      // A demo container started after it: once it shows, the other container's events were handled too.
      await mustDocker('run', '-d', '--name', marker, IMAGE, 'sleep', '300')
      const picture = await shows(p => named(p, marker) !== undefined, marker)
      assert.equal(named(picture, name), undefined)
      assert.ok(!picture.images.some(image => image.tags.includes(OTHER_IMAGE)), 'nor its image')
      await mustDocker('rm', '-f', marker)
    }
    finally {
      await docker(['rm', '-f', name])
    }
  })

  test('no environment value ever reached a window', () => {
    assert.doesNotMatch(JSON.stringify(watch.messages), new RegExp(secret))
    assert.doesNotMatch(JSON.stringify(follower.current()), new RegExp(secret))
  })
})
