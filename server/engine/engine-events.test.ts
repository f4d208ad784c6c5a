import assert from 'node:assert/strict'
import { describe, test } from 'vitest'
import { workForEvent } from './engine-events.ts'

const container = (Action: string) => ({ Type: 'container', Action, Actor: { ID: 'c1', Attributes: { name: 'demo-web' } } })

describe('workForEvent', () => {
  test('a container that starts, stops or is renamed is read again', () => {
    for (const action of ['create', 'start', 'die', 'stop', 'kill', 'pause', 'unpause', 'rename', 'restart', 'health_status: healthy'])
      assert.deepEqual(workForEvent(container(action)), [{ kind: 'containers', key: 'c1', read: 'one' }], action)
  })

  test('a destroyed container is dropped without asking the engine', () => {
    assert.deepEqual(workForEvent(container('destroy')), [{ kind: 'containers', key: 'c1', read: 'gone' }])
  })

  test('attaching, exec and copying change nothing drawn', () => {
    for (const action of ['attach', 'exec_create: sh', 'exec_start: sh', 'exec_die', 'resize', 'archive-path', 'commit'])
      assert.deepEqual(workForEvent(container(action)), [], action)
  })

  test('any image change lists the images again, except push and save', () => {
    assert.deepEqual(workForEvent({ Type: 'image', Action: 'tag', Actor: { ID: 'sha256:aa' } }), [{ kind: 'images', read: 'all' }])
    assert.deepEqual(workForEvent({ Type: 'image', Action: 'pull', Actor: { ID: 'redis:7' } }), [{ kind: 'images', read: 'all' }])
    assert.deepEqual(workForEvent({ Type: 'image', Action: 'push', Actor: { ID: 'redis:7' } }), [])
  })

  test('a created volume is read, a destroyed one dropped, mounts leave it alone', () => {
    const volume = (Action: string) => ({ Type: 'volume', Action, Actor: { ID: 'demo-data', Attributes: { container: 'c1' } } })
    assert.deepEqual(workForEvent(volume('create')), [{ kind: 'volumes', key: 'demo-data', read: 'one' }])
    assert.deepEqual(workForEvent(volume('destroy')), [{ kind: 'volumes', key: 'demo-data', read: 'gone' }])
    assert.deepEqual(workForEvent(volume('mount')), [])
  })

  test('connecting a container to a network reads the container again', () => {
    const event = { Type: 'network', Action: 'connect', Actor: { ID: 'n1', Attributes: { container: 'c1', name: 'demo-net' } } }
    assert.deepEqual(workForEvent(event), [{ kind: 'containers', key: 'c1', read: 'one' }])
  })

  test('a prune lists that kind again', () => {
    assert.deepEqual(workForEvent({ Type: 'volume', Action: 'prune', Actor: { ID: '' } }), [{ kind: 'volumes', read: 'all' }])
    assert.deepEqual(workForEvent({ Type: 'network', Action: 'prune', Actor: { ID: '' } }), [{ kind: 'networks', read: 'all' }])
  })

  test('events of other types are ignored', () => {
    assert.deepEqual(workForEvent({ Type: 'daemon', Action: 'reload' }), [])
    assert.deepEqual(workForEvent({}), [])
  })
})
