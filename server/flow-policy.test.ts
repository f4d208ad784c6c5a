import assert from 'node:assert/strict'
import { describe, test } from 'vitest'
import { decideFlow, MIRROR_HIGH_WATER, MIRROR_LOW_WATER } from './flow-policy.ts'

const marks = { highWaterBytes: 200_000, lowWaterBytes: 100_000 }
const running = { paused: false, clientPressure: 0, mirrorBacklog: 0 }
const paused = { ...running, paused: true }

describe('decideFlow', () => {
  test('pauses a running pty when a client or the mirror is past its high mark', () => {
    assert.equal(decideFlow({ ...running, clientPressure: 200_001 }, marks), 'pause')
    assert.equal(decideFlow({ ...running, mirrorBacklog: MIRROR_HIGH_WATER + 1 }, marks), 'pause')
    assert.equal(decideFlow({ ...running, clientPressure: 200_000, mirrorBacklog: MIRROR_HIGH_WATER }, marks), 'keep')
  })

  test('resumes only once both the clients and the mirror are under their low marks', () => {
    assert.equal(decideFlow({ ...paused, clientPressure: 99_999, mirrorBacklog: MIRROR_LOW_WATER - 1 }, marks), 'resume')
    assert.equal(decideFlow({ ...paused, clientPressure: 99_999, mirrorBacklog: MIRROR_LOW_WATER }, marks), 'keep')
    assert.equal(decideFlow({ ...paused, clientPressure: 150_000 }, marks), 'keep')
  })

  test('keeps a paused pty paused between the marks, so it does not flap on every acknowledgement', () => {
    assert.equal(decideFlow({ ...paused, clientPressure: 150_000 }, marks), 'keep')
    assert.equal(decideFlow({ ...running, clientPressure: 150_000 }, marks), 'keep')
  })
})
