import assert from 'node:assert/strict'
import { describe, test } from 'vitest'
import { demoPicture, webContainer } from '../../tests/support/engine-pictures.ts'
import { formatEngineTimeline, parseEngineTimeline, pictureAt } from './engine-timeline.ts'

describe('the engine timeline beside a cast', () => {
  const first = demoPicture({ revision: 1, containers: [] })
  const timeline = formatEngineTimeline('volumes', [
    [0, { kind: 'full', picture: first }],
    [12, { kind: 'diff', diff: { from: 1, revision: 2, upsert: { containers: [webContainer] }, remove: {} } }],
    [30, { kind: 'diff', diff: { from: 2, revision: 3, upsert: {}, remove: { containers: [webContainer.id] } } }],
  ])

  test('replays the messages into the picture shown from each cast event on', () => {
    const pictures = parseEngineTimeline(timeline)
    assert.deepEqual(pictures.map(entry => [entry.from, entry.picture.containers.map(c => c.name)]),
      [[0, []], [12, ['demo-web']], [30, []]])
  })

  test('shows at a cast position the last picture from at or before it, whatever the path there', () => {
    const pictures = parseEngineTimeline(timeline)
    assert.equal(pictureAt(pictures, 11)?.revision, 1)
    assert.equal(pictureAt(pictures, 12)?.revision, 2)
    assert.equal(pictureAt(pictures, 29)?.revision, 2)
    assert.equal(pictureAt(pictures, 1000)?.revision, 3)
    assert.equal(pictureAt(pictures, 12)?.revision, 2, 'going back (a restart) shows the earlier picture again')
  })

  test('refuses a file that is not a timeline of its version', () => {
    assert.throws(() => parseEngineTimeline('{"version":9}\n'), /not an engine timeline of version 1/)
  })
})
