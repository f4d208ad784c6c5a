import assert from 'node:assert/strict'
import { describe, test } from 'vitest'
import { dataVolume, debianImage, otherImage, webInspect } from '../../tests/support/engine-fixtures.ts'
import { toPictureContainer, toPictureImage, toPictureVolume } from './engine-objects.ts'
import { emptyWorld, type HeldLists, reduceWorld } from './engine-world.ts'

const live = { status: 'live' as const, endpoint: 'unix:///var/run/docker.sock' }
const snapshot: HeldLists = {
  images: [{ object: toPictureImage(debianImage), own: true }],
  containers: [{ object: toPictureContainer(webInspect()), own: true }],
  volumes: [{ object: toPictureVolume(dataVolume), own: true }],
  networks: [],
}

describe('engine world', () => {
  test('a snapshot replaces everything held', () => {
    const world = reduceWorld(emptyWorld({ status: 'connecting', endpoint: '' }), { type: 'snapshot', engine: live, held: snapshot })
    assert.equal(world.engine, live)
    assert.deepEqual([...world.containers.keys()], ['c-web'])
    assert.deepEqual([...world.volumes.keys()], ['demo-data'], 'volumes are keyed by name')
  })

  test('an upsert changes one object and leaves the world it came from as it was', () => {
    const before = reduceWorld(emptyWorld(live), { type: 'snapshot', engine: live, held: snapshot })
    const stopped = toPictureContainer(webInspect({ State: { Status: 'exited', ExitCode: 0 } }))
    const after = reduceWorld(before, { type: 'upsert', kind: 'containers', held: { object: stopped, own: true } })
    assert.equal(after.containers.get('c-web')?.object.status, 'exited')
    assert.equal(before.containers.get('c-web')?.object.status, 'running')
    assert.equal(after.images, before.images, 'untouched kinds are shared, not copied')
  })

  test('removing an object that is not held changes nothing', () => {
    const world = reduceWorld(emptyWorld(live), { type: 'snapshot', engine: live, held: snapshot })
    assert.equal(reduceWorld(world, { type: 'remove', kind: 'containers', key: 'c-gone' }), world)
    assert.equal(reduceWorld(world, { type: 'remove', kind: 'containers', key: 'c-web' }).containers.size, 0)
  })

  test('a replace swaps one kind\'s whole list', () => {
    const world = reduceWorld(emptyWorld(live), { type: 'snapshot', engine: live, held: snapshot })
    const replaced = reduceWorld(world, { type: 'replace', kind: 'images', held: [{ object: toPictureImage(otherImage), own: false }] })
    assert.deepEqual([...replaced.images.keys()], ['sha256:other'])
  })

  test('an engine status change keeps the objects, so the slide can show them as last seen', () => {
    const world = reduceWorld(emptyWorld(live), { type: 'snapshot', engine: live, held: snapshot })
    const gone = reduceWorld(world, { type: 'engine', engine: { ...live, status: 'unreachable' } })
    assert.equal(gone.engine.status, 'unreachable')
    assert.equal(gone.containers.size, 1)
  })
})
