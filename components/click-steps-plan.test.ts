import assert from 'node:assert/strict'
import { describe, test } from 'vitest'
import type { DemoStepList } from '../server/demos/step-list-format.ts'
import { reachedStep, RunQueue, runRequestFor, selectSteps } from './click-steps-plan.ts'

const list: DemoStepList = {
  name: 'run-basics',
  title: 'demo',
  cleanup: [],
  timeSensitive: false,
  steps: [
    { id: 'pull', command: 'docker pull debian:bookworm-slim', expect: 'Status', timeout: 120 },
    { id: 'images', command: 'docker images debian', expect: 'debian', timeout: 30 },
    { id: 'rmi', command: 'docker rmi x', expect: 'Untagged', timeout: 30 },
  ],
}

describe('click-steps plan', () => {
  test('selects the named steps in the order given, or all of them', () => {
    assert.deepEqual(selectSteps(list, ['rmi', 'pull']).map(s => s.id), ['rmi', 'pull'])
    assert.deepEqual(selectSteps(list).map(s => s.id), ['pull', 'images', 'rmi'])
  })

  test('refuses a step id the demo does not have, naming the ones it has', () => {
    assert.throws(() => selectSteps(list, ['version']), /has no step "version" \(it has: pull, images, rmi\)/)
  })

  test('builds a run request keyed by demo and step, with the step\'s expect and timeout', () => {
    assert.deepEqual(runRequestFor('run-basics', list.steps[0], 35), {
      runId: 'run-basics:pull',
      command: 'docker pull debian:bookworm-slim',
      expect: 'Status',
      timeoutMs: 120_000,
      typeDelayMs: 35,
    })
  })

  test('runs a step only on a single forward click on the slide being shown', () => {
    const at = (clicks: number, active = true) => ({ active, clicks })
    assert.equal(reachedStep(at(0), at(1), 1, 3), 0)
    assert.equal(reachedStep(at(2), at(3), 1, 3), 2)
    assert.equal(reachedStep(at(3), at(4), 1, 3), undefined, 'past the last step')
    assert.equal(reachedStep(at(2), at(1), 1, 3), undefined, 'going back')
    assert.equal(reachedStep(at(0, false), at(3), 1, 3), undefined, 'arriving from the next slide at the last click')
    assert.equal(reachedStep(at(0, false), at(1), 1, 3), undefined, 'arriving with one click done')
    assert.equal(reachedStep(undefined, at(1), 1, 3), undefined, 'first render')
    assert.equal(reachedStep(at(0, false), at(1, false), 1, 3), undefined, 'a preview advancing')
    assert.equal(reachedStep(at(0), at(2), 1, 3), undefined, 'a jump')
  })

  test('sends the next step only after the previous one is done', () => {
    const sent: number[] = []
    const queue = new RunQueue(3, (index) => {
      sent.push(index)
      return true
    })
    queue.request(0)
    queue.request(1)
    assert.deepEqual(sent, [0])
    assert.deepEqual(queue.status, ['sent', 'queued', 'idle'])
    queue.update(0, 'typing')
    queue.update(0, 'running')
    assert.deepEqual(sent, [0], 'still running')
    queue.update(0, 'done')
    assert.deepEqual(sent, [0, 1])
    queue.update(1, 'done')
    queue.request(1)
    assert.deepEqual(sent, [0, 1], 'a step already done is not sent again')
  })

  test('asks for earlier steps first when a later one is reached', () => {
    const sent: number[] = []
    const queue = new RunQueue(3, (index) => {
      sent.push(index)
      return true
    })
    queue.request(2)
    queue.update(0, 'done')
    queue.update(1, 'done')
    assert.deepEqual(sent, [0, 1, 2])
  })

  test('holds the queue after a failure until a step is run by hand', () => {
    const sent: number[] = []
    const queue = new RunQueue(3, (index) => {
      sent.push(index)
      return true
    })
    queue.request(1)
    queue.update(0, 'failed')
    assert.deepEqual(sent, [0])
    assert.equal(queue.isHalted, true)
    queue.runNow(1)
    assert.deepEqual(sent, [0, 1])
    assert.equal(queue.isHalted, false)
  })

  test('keeps a step queued while it cannot be sent, and sends it on pump', () => {
    let connected = false
    const sent: number[] = []
    const queue = new RunQueue(2, (index) => {
      if (!connected)
        return false
      sent.push(index)
      return true
    })
    queue.request(0)
    assert.deepEqual(queue.status, ['queued', 'idle'])
    connected = true
    queue.pump()
    assert.deepEqual(sent, [0])
  })
})
