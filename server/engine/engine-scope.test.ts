import assert from 'node:assert/strict'
import { describe, test } from 'vitest'
import {
  bridgeNetwork, composeNetwork, dataVolume, debianImage, otherImage, otherNetwork, otherVolume, webInspect,
} from '../../tests/support/engine-fixtures.ts'
import { toPictureContainer, toPictureImage, toPictureNetwork, toPictureVolume } from './engine-objects.ts'
import { normalizeImageRef, projectPicture, ScopeRules } from './engine-scope.ts'
import { emptyWorld, reduceWorld } from './engine-world.ts'

const demos = new ScopeRules('demos', ['debian:bookworm-slim', 'redis:7'])
const identity = (name: string, image = 'busybox', labels: Record<string, string> = {}, imageId = 'sha256:x') => ({ name, image, imageId, labels })

describe('scope', () => {
  test('image references compare in their short form', () => {
    assert.equal(normalizeImageRef('docker.io/library/redis'), 'redis:latest')
    assert.equal(normalizeImageRef('redis:7'), 'redis:7')
    assert.equal(normalizeImageRef('localhost:5000/app'), 'localhost:5000/app:latest')
    assert.equal(normalizeImageRef('python@sha256:abc'), 'python@sha256:abc')
  })

  test('containers named demo-*, in a demo-* compose project or with the demo label are in scope', () => {
    assert.equal(demos.containerIsOwn(identity('demo-web'), new Set()), true)
    assert.equal(demos.containerIsOwn(identity('shop-web-1', 'busybox', { 'com.docker.compose.project': 'demo-shop' }), new Set()), true)
    assert.equal(demos.containerIsOwn(identity('web', 'busybox', { 'org.docker-overview-live.demo': 'run-basics' }), new Set()), true)
  })

  test('an unnamed container of an image the demos use is in scope, by reference or by id', () => {
    assert.equal(demos.containerIsOwn(identity('quirky_turing', 'docker.io/library/debian:bookworm-slim'), new Set()), true)
    assert.equal(demos.containerIsOwn(identity('quirky_turing', 'sha256:debian', {}, 'sha256:debian'), new Set(['sha256:debian'])), true)
    assert.equal(demos.containerIsOwn(identity('quirky_turing', 'demo/hello:1'), new Set()), true)
  })

  test('another project\'s container is out of scope, and in scope "all"', () => {
    const payroll = identity('payroll-db-1', 'postgres:16', { 'com.docker.compose.project': 'payroll' })
    assert.equal(demos.containerIsOwn(payroll, new Set()), false)
    assert.equal(new ScopeRules('all').containerIsOwn(payroll, new Set()), true)
  })

  test('images the demos use or build are in scope on their own', () => {
    assert.equal(demos.imageIsOwn(debianImage), true)
    assert.equal(demos.imageIsOwn({ Id: 'sha256:b', RepoTags: ['demo/hello:1'] }), true)
    assert.equal(demos.imageIsOwn({ Id: 'sha256:c', RepoTags: [], Labels: { 'org.docker-overview-live.demo': 'build' } }), true)
    assert.equal(demos.imageIsOwn(otherImage), false)
  })

  test('volumes and networks are in scope by name or compose project', () => {
    assert.equal(demos.volumeIsOwn(dataVolume), true)
    assert.equal(demos.volumeIsOwn(otherVolume), false)
    assert.equal(demos.networkIsOwn(composeNetwork), true)
    assert.equal(demos.networkIsOwn(otherNetwork), false)
    assert.equal(demos.networkIsOwn(bridgeNetwork), false)
  })

  test('the picture shows what an in-scope container uses, and nothing else of other projects', () => {
    const held = <T>(object: T, own: boolean) => ({ object, own })
    let world = emptyWorld({ status: 'live', endpoint: 'unix:///var/run/docker.sock' })
    world = reduceWorld(world, {
      type: 'snapshot',
      engine: world.engine,
      held: {
        images: [held(toPictureImage({ ...debianImage, RepoTags: [] }), false), held(toPictureImage(otherImage), false)],
        containers: [held(toPictureContainer(webInspect()), true)],
        volumes: [held(toPictureVolume(dataVolume), false), held(toPictureVolume(otherVolume), false)],
        networks: [held(toPictureNetwork(bridgeNetwork), false), held(toPictureNetwork(otherNetwork), false), held(toPictureNetwork(composeNetwork), true)],
      },
    })
    const picture = projectPicture(world, 'demos', 1)
    assert.deepEqual(picture.containers.map(c => c.name), ['demo-web'])
    assert.deepEqual(picture.images.map(i => i.id), ['sha256:debian'], 'the container\'s image, though untagged')
    assert.deepEqual(picture.volumes.map(v => v.name), ['demo-data'])
    assert.deepEqual(picture.networks.map(n => n.name), ['bridge', 'demo-shop_default'], 'sorted by creation time')
  })
})
