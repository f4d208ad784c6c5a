import assert from 'node:assert/strict'
import { describe, test } from 'vitest'
import { INPUT_ANSWER_MS, MAX_BATCH_BYTES, OutputBatcher } from './output-batcher.ts'

const bytes = (text: string) => Buffer.from(text)
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

describe('OutputBatcher', () => {
  test('sends output after a quiet spell at once, and batches what follows it', async () => {
    const batches: string[] = []
    const batcher = new OutputBatcher(20, data => batches.push(data.toString()))
    batcher.push(bytes('a'))
    assert.deepEqual(batches, ['a'], 'an echo is not held back')
    batcher.push(bytes('b'))
    batcher.push(bytes('c'))
    assert.deepEqual(batches, ['a'])
    await sleep(60)
    assert.deepEqual(batches, ['a', 'bc'])
  })

  test('flushes a batch as soon as it is full', () => {
    const sizes: number[] = []
    const batcher = new OutputBatcher(1000, data => sizes.push(data.length))
    batcher.push(bytes('x'))
    batcher.push(Buffer.alloc(MAX_BATCH_BYTES))
    assert.deepEqual(sizes, [1, MAX_BATCH_BYTES])
  })

  test('discard drops the gathered output and its timer', async () => {
    const batches: string[] = []
    const batcher = new OutputBatcher(20, data => batches.push(data.toString()))
    batcher.push(bytes('a'))
    batcher.push(bytes('lost'))
    batcher.discard()
    await sleep(60)
    assert.deepEqual(batches, ['a'])
  })

  test('sends the answer to input at once, even in the middle of a flood', async () => {
    const batches: string[] = []
    const batcher = new OutputBatcher(1000, data => batches.push(data.toString()))
    batcher.push(bytes('flood '))
    batcher.push(bytes('more flood '))
    batcher.inputSent()
    batcher.push(bytes('^C'))
    assert.deepEqual(batches, ['flood ', 'more flood ^C'], 'the answer does not wait for the batch timer')
    await sleep(INPUT_ANSWER_MS + 10)
    batcher.push(bytes('later'))
    assert.deepEqual(batches, ['flood ', 'more flood ^C'], 'batching resumes once the answer is out')
    batcher.discard()
  })
})
