import assert from 'node:assert/strict'
import { describe, test } from 'vitest'
import { SerialQueues } from './serial-queues.ts'

const later = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms))

describe('SerialQueues', () => {
  test('tasks of one key finish in the order they were queued, however long each takes', async () => {
    const queues = new SerialQueues()
    const done: string[] = []
    queues.run('c1', async () => { await later(30); done.push('read after die') })
    queues.run('c1', async () => { done.push('destroy') })
    await queues.idle()
    assert.deepEqual(done, ['read after die', 'destroy'])
  })

  test('tasks of different keys run side by side', async () => {
    const queues = new SerialQueues()
    const done: string[] = []
    queues.run('slow', async () => { await later(30); done.push('slow') })
    queues.run('fast', async () => { done.push('fast') })
    await queues.idle()
    assert.deepEqual(done, ['fast', 'slow'])
  })

  test('a twin of a task that has not started yet is dropped', async () => {
    const queues = new SerialQueues()
    let reads = 0
    queues.run('c1', () => later(20))
    for (let i = 0; i < 5; i++)
      queues.run('c1', async () => { reads++ }, 'c1:one')
    await queues.idle()
    assert.equal(reads, 1)
  })

  test('a failing task does not stop the ones after it', async () => {
    const queues = new SerialQueues()
    let ran = false
    queues.run('c1', async () => { throw new Error('engine gone') })
    queues.run('c1', async () => { ran = true })
    await queues.idle()
    assert.equal(ran, true)
  })
})
