import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, test } from 'vitest'
import { dataVolume, debianImage, webInspect } from '../../tests/support/engine-fixtures.ts'
import { FakeEngine } from '../../tests/support/fake-engine.ts'
import { watchPicture } from '../../tests/support/picture-watch.ts'
import { EngineFollower, type EngineFollowerOptions } from './engine-follower.ts'

const later = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

describe('EngineFollower against a stand-in engine', () => {
  let dir: string
  let engine: FakeEngine
  const followers: EngineFollower[] = []

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'engine-follower-'))
    engine = new FakeEngine(path.join(dir, 'engine.sock'))
    engine.images = [debianImage]
    engine.volumes = [dataVolume]
    await engine.start()
  })

  afterEach(async () => {
    followers.splice(0).forEach(follower => follower.close())
    await engine.stop()
    await rm(dir, { recursive: true, force: true })
  })

  function follower(options: EngineFollowerOptions = {}): EngineFollower {
    const made = new EngineFollower({ endpoint: { kind: 'unix', socketPath: engine.socketPath }, demoImages: async () => ['debian:bookworm-slim'], retryFirstMs: 50, retryMaxMs: 200, ...options })
    followers.push(made)
    return made
  }

  test('nothing is asked of the engine while no window watches', async () => {
    const idle = follower()
    await later(100)
    assert.deepEqual(engine.requests, [])
    assert.equal(idle.following, false)
  })

  test('the first subscriber gets the picture at once, then the live snapshot', async () => {
    engine.containers = [webInspect()]
    const watch = watchPicture(follower())
    assert.equal(watch.messages[0].kind, 'full')
    assert.equal(watch.mirror.picture?.engine.status, 'connecting')
    const live = await watch.waitFor(picture => picture.engine.status === 'live', 5_000, 'the snapshot')
    assert.deepEqual(live.containers.map(c => c.name), ['demo-web'])
    assert.equal(live.engine.version, '28.5.2-fake')
    assert.equal(watch.messages.at(-1)?.kind, 'full', 'a snapshot reaches subscribers whole')
  })

  test('a container the engine reports is sent as a diff, and its removal too', async () => {
    const watch = watchPicture(follower())
    await watch.waitFor(picture => picture.engine.status === 'live')
    engine.containers = [webInspect()]
    engine.emit({ Type: 'container', Action: 'create', Actor: { ID: 'c-web' } })
    await watch.waitFor(picture => picture.containers.some(c => c.name === 'demo-web'), 2_000, 'demo-web to appear')
    engine.containers = []
    engine.emit({ Type: 'container', Action: 'destroy', Actor: { ID: 'c-web' } })
    await watch.waitFor(picture => picture.containers.length === 0, 2_000, 'demo-web to go')
    assert.equal(watch.messages.at(-1)?.kind, 'diff')
  })

  test('a second window gets the current picture at once, without a second connection', async () => {
    engine.containers = [webInspect()]
    const shared = follower()
    const first = watchPicture(shared)
    await first.waitFor(picture => picture.engine.status === 'live')
    const second = watchPicture(shared)
    assert.deepEqual(second.mirror.picture, first.mirror.picture)
    assert.equal(engine.requests.filter(request => request === '/events').length, 1)
  })

  test('the last window to leave closes the event stream', async () => {
    const shared = follower()
    const [a, b] = [watchPicture(shared), watchPicture(shared)]
    await a.waitFor(picture => picture.engine.status === 'live')
    a.stop()
    await later(50)
    assert.equal(engine.followers, 1, 'one window still watches')
    b.stop()
    await later(100)
    assert.equal(engine.followers, 0)
    assert.equal(shared.following, false)
  })

  test('when the engine goes away the picture says unreachable, and a whole new picture comes when it returns', async () => {
    engine.containers = [webInspect()]
    const watch = watchPicture(follower())
    await watch.waitFor(picture => picture.engine.status === 'live')
    await engine.stop()
    const gone = await watch.waitFor(picture => picture.engine.status === 'unreachable', 2_000, 'unreachable')
    assert.equal(gone.engine.code, 'ENGINE_ERR_STREAM_ENDED')
    assert.deepEqual(gone.containers.map(c => c.name), ['demo-web'], 'objects stay as last seen')
    engine.containers = []
    const fullsBefore = watch.messages.filter(message => message.kind === 'full').length
    await engine.start()
    const back = await watch.waitFor(picture => picture.engine.status === 'live', 3_000, 'live again')
    assert.deepEqual(back.containers, [], 'the resync drops what went away meanwhile')
    assert.equal(watch.messages.filter(message => message.kind === 'full').length, fullsBefore + 1)
  })

  test('a subscriber that throws does not keep the others from their messages', async () => {
    const shared = follower()
    shared.subscribe(() => {
      throw new Error('broken window')
    })
    const watch = watchPicture(shared)
    await watch.waitFor(picture => picture.engine.status === 'live')
  })

  test('an unknown scope is refused with a TypeError that names it', () => {
    assert.throws(() => new EngineFollower({ scope: 'every' as 'all' }), /scope must be "demos" or "all", not "every"/)
  })
})
