import assert from 'node:assert/strict'
import { test } from 'vitest'
import { loadAllStepLists } from '../demos/step-list.ts'
import { leftoverOwner } from './leftover-owner.ts'

const lists = await loadAllStepLists()

test('names the demo whose steps count from zero for each leftover an aborted run leaves', () => {
  assert.equal(leftoverOwner('demo-compose_counts', lists), 'compose')
  assert.equal(leftoverOwner('demo-compose-web-1', lists), 'compose')
  assert.equal(leftoverOwner('demo-model-api-compose_pgdata', lists), 'model-api-compose')
  assert.equal(leftoverOwner('demo-model-api', lists), 'model-api')
  assert.equal(leftoverOwner('demo-pgdata', lists), 'postgres')
  assert.equal(leftoverOwner('demo-pg2', lists), 'postgres')
})

test('names no demo for a resource no step list mentions', () => {
  assert.equal(leftoverOwner('demo-someone-else-made-this', lists), undefined)
})
