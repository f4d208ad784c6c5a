/**
 * The engine goes away and comes back: a dockerd of our own (tests/engine/support/second-dockerd.ts)
 * is stopped under a following EngineFollower, then started again. The picture must say Docker is
 * unreachable, keep what it last saw, and resync as a whole when the engine answers again.
 */
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, test } from 'vitest'
import { docker } from '../../server/docker/docker-cli.ts'
import { EngineFollower } from '../../server/engine/engine-follower.ts'
import { type PictureWatch, watchPicture } from '../support/picture-watch.ts'
import { skipUnless } from '../support/requirements.ts'
import { SecondDockerd, secondDockerdAvailability } from './support/second-dockerd.ts'

const prefix = `demo-enginetest-${randomBytes(3).toString('hex')}`

describe.skipIf(skipUnless(await secondDockerdAvailability(), 'REQUIRE_DOCKER'))('the engine picture when the engine goes away and comes back', () => {
  let daemon: SecondDockerd
  let follower: EngineFollower
  let watch: PictureWatch

  const onDaemon = async (...args: string[]) => {
    const result = await docker(['-H', daemon.host, ...args], { timeoutMs: 60_000 })
    assert.ok(result.ok, `docker ${args.join(' ')} failed: ${result.stderr}`)
  }
  const fulls = () => watch.messages.filter(message => message.kind === 'full').length

  beforeAll(async () => {
    daemon = await SecondDockerd.create()
    await daemon.start()
    follower = new EngineFollower({ endpoint: { kind: 'unix', socketPath: daemon.socketPath }, retryFirstMs: 100, retryMaxMs: 1_000 })
    watch = watchPicture(follower)
    await watch.waitFor(picture => picture.engine.status === 'live', 30_000, 'the second engine to answer')
  })

  afterAll(async () => {
    watch?.stop()
    follower?.close()
    await daemon?.dispose()
  })

  test('while the engine answers, a volume created on it shows', async () => {
    await onDaemon('volume', 'create', `${prefix}-kept`)
    await watch.waitFor(picture => picture.volumes.some(volume => volume.name === `${prefix}-kept`), 2_000, 'the volume')
  })

  test('when the engine stops, the picture says Docker is unreachable and keeps what it last saw', async () => {
    await daemon.stop()
    const picture = await watch.waitFor(p => p.engine.status === 'unreachable', 10_000, 'unreachable')
    assert.match(picture.engine.code ?? '', /^ENGINE_ERR_(STREAM_ENDED|UNREACHABLE)$/)
    assert.equal(picture.engine.endpoint, daemon.host)
    assert.ok(picture.volumes.some(volume => volume.name === `${prefix}-kept`), 'the volume is still drawn, as last seen')
    assert.equal(follower.following, true, 'the follower keeps trying')
  })

  test('when the engine is back, the picture is live again, sent whole, and follows new events', async () => {
    const before = fulls()
    await daemon.start()
    const picture = await watch.waitFor(p => p.engine.status === 'live', 15_000, 'live again')
    assert.equal(fulls(), before + 1, 'one whole picture on return')
    assert.ok(picture.volumes.some(volume => volume.name === `${prefix}-kept`), 'the volume survived the restart')
    await onDaemon('volume', 'create', `${prefix}-after`)
    await watch.waitFor(p => p.volumes.some(volume => volume.name === `${prefix}-after`), 2_000, 'a volume created after the return')
  })
})
