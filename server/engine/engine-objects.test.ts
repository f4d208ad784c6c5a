import assert from 'node:assert/strict'
import { describe, test } from 'vitest'
import { anonymousVolume, bridgeNetwork, composeNetwork, debianImage, SECRET, webInspect } from '../../tests/support/engine-fixtures.ts'
import { inspectIdentity, toPictureContainer, toPictureImage, toPictureNetwork, toPictureVolume } from './engine-objects.ts'

describe('engine objects', () => {
  test('a container carries no environment value, command or foreign label', () => {
    const container = toPictureContainer(webInspect())
    assert.doesNotMatch(JSON.stringify(container), new RegExp(SECRET))
    assert.doesNotMatch(JSON.stringify(container), /TOKEN|PATH=/)
  })

  test('a running container shows its name without the slash, its image and its published ports', () => {
    const container = toPictureContainer(webInspect())
    assert.equal(container.name, 'demo-web')
    assert.equal(container.image, 'debian:bookworm-slim')
    assert.equal(container.imageId, 'sha256:debian')
    assert.equal(container.status, 'running')
    assert.equal(container.exitCode, undefined)
    assert.equal(container.autoRemove, true)
    assert.deepEqual(container.ports, [
      { hostIp: '::', hostPort: 8081, containerPort: 80, protocol: 'tcp' },
      { hostIp: '0.0.0.0', hostPort: 8081, containerPort: 80, protocol: 'tcp' },
    ], 'both address families, and no entry for the unpublished 443')
  })

  test('a volume mount names the volume, a bind mount its host folder', () => {
    assert.deepEqual(toPictureContainer(webInspect()).mounts, [
      { type: 'volume', name: 'demo-data', destination: '/data', readOnly: false },
      { type: 'bind', source: '/home/me/site', destination: '/usr/share/nginx/html', readOnly: true },
    ])
  })

  test('an exited container shows its exit code', () => {
    const container = toPictureContainer(webInspect({ State: { Status: 'exited', ExitCode: 137 } }))
    assert.equal(container.status, 'exited')
    assert.equal(container.exitCode, 137)
  })

  test('a compose container is tagged with its project and service', () => {
    const inspect = webInspect({ Name: '/demo-shop-web-1' })
    inspect.Config.Labels = { 'com.docker.compose.project': 'demo-shop', 'com.docker.compose.service': 'web' }
    assert.deepEqual(toPictureContainer(inspect).compose, { project: 'demo-shop', service: 'web' })
  })

  test('networks are named by id', () => {
    assert.deepEqual(toPictureContainer(webInspect()).networks, ['n-bridge'])
    assert.equal(toPictureNetwork(bridgeNetwork).builtin, true)
    assert.deepEqual(toPictureNetwork(composeNetwork).compose, { project: 'demo-shop' })
  })

  test('an untagged image has no tags rather than "<none>:<none>"', () => {
    assert.deepEqual(toPictureImage({ ...debianImage, RepoTags: ['<none>:<none>'] }).tags, [])
    assert.deepEqual(toPictureImage(debianImage), { id: 'sha256:debian', tags: ['debian:bookworm-slim'], size: 74_800_000, created: 1_700_000_000 })
  })

  test('a volume Docker named itself is marked anonymous', () => {
    assert.equal(toPictureVolume(anonymousVolume).anonymous, true)
    assert.equal(toPictureVolume({ Name: 'demo-data' }).anonymous, false)
  })

  test('an identity reads the name, image and labels a scope decides by', () => {
    assert.deepEqual(inspectIdentity(webInspect()), { name: 'demo-web', image: 'debian:bookworm-slim', imageId: 'sha256:debian', labels: { 'com.acme.secret-label': SECRET } })
  })
})
