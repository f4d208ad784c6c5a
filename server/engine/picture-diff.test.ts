import assert from 'node:assert/strict'
import { describe, test } from 'vitest'
import type { EnginePicture, PictureContainer } from '../protocol.ts'
import { applyPictureDiff, diffPictures, emptyPicture } from './picture-diff.ts'

const live = { status: 'live' as const, endpoint: 'unix:///var/run/docker.sock' }
const web: PictureContainer = {
  id: 'c-web', name: 'demo-web', image: 'debian:bookworm-slim', imageId: 'sha256:debian', status: 'running', autoRemove: false,
  ports: [], mounts: [], networks: [], created: 10,
}

function picture(revision: number, containers: PictureContainer[], engine: EnginePicture['engine'] = live): EnginePicture {
  return { ...emptyPicture(engine), revision, containers, images: [{ id: 'sha256:debian', tags: ['debian:bookworm-slim'], size: 1, created: 1 }] }
}

describe('picture diffs', () => {
  test('a container that appears is sent whole', () => {
    const diff = diffPictures(picture(1, []), picture(2, [web]))
    assert.deepEqual(diff, { from: 1, revision: 2, upsert: { containers: [web] }, remove: {} })
  })

  test('a container that stops is sent again with its new status', () => {
    const exited = { ...web, status: 'exited' as const, exitCode: 0 }
    assert.deepEqual(diffPictures(picture(2, [web]), picture(3, [exited]))?.upsert, { containers: [exited] })
  })

  test('a removed container is sent as its id', () => {
    assert.deepEqual(diffPictures(picture(3, [web]), picture(4, []))?.remove, { containers: ['c-web'] })
  })

  test('nothing changed gives no diff', () => {
    assert.equal(diffPictures(picture(1, [web]), picture(2, [{ ...web }])), undefined)
  })

  test('an engine that goes away is a diff of its status only', () => {
    const gone = { status: 'unreachable' as const, endpoint: live.endpoint, code: 'ENGINE_ERR_UNREACHABLE' as const, reason: 'connect ENOENT' }
    assert.deepEqual(diffPictures(picture(1, [web]), picture(2, [web], gone)), { from: 1, revision: 2, engine: gone, upsert: {}, remove: {} })
  })

  test('applying the diff to the old picture gives the new one', () => {
    const before = picture(5, [web, { ...web, id: 'c-db', name: 'demo-db', created: 11 }])
    const after = picture(6, [{ ...web, id: 'c-cache', name: 'demo-cache', created: 9 }, { ...web, status: 'paused' }])
    assert.deepEqual(applyPictureDiff(before, diffPictures(before, after)!), after)
  })

  test('a diff made against another revision is not applied', () => {
    const diff = diffPictures(picture(1, []), picture(2, [web]))!
    assert.equal(applyPictureDiff(picture(7, []), diff), undefined)
  })
})
