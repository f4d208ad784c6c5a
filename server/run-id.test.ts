import assert from 'node:assert/strict'
import { describe, test } from 'vitest'
import { commandAttemptOf, commandRunBase, commandRunId, stepOfRun, stepRunId } from './run-id.ts'

describe('run ids', () => {
  test('a step runs as <demo>:<step> first and as <demo>:<step>#retryN when run again', () => {
    assert.equal(stepRunId('web', 'build'), 'web:build')
    assert.equal(stepRunId('web', 'build', 2), 'web:build#retry2')
  })

  test('the step of a run is the plain step id, retries included', () => {
    assert.equal(stepOfRun('web', stepRunId('web', 'build')), 'build')
    assert.equal(stepOfRun('web', stepRunId('web', 'build', 3)), 'build')
  })

  test('a run id of another demo comes back whole', () => {
    assert.equal(stepOfRun('web', 'db:start'), 'db:start')
  })

  test('a free command\'s run id is the same in every window, differs per command and counts attempts', () => {
    assert.equal(commandRunBase(3, 't-a', 'docker ps'), commandRunBase(3, 't-a', 'docker ps'))
    assert.notEqual(commandRunBase(3, 't-a', 'docker ps'), commandRunBase(3, 't-a', 'docker ps -a'))
    assert.equal(commandRunId('x', 2), 'x#2')
    assert.equal(commandAttemptOf(commandRunId(commandRunBase(3, 't-a', 'ls'), 7)), 7)
    assert.equal(commandAttemptOf('no-number'), 0)
  })
})
