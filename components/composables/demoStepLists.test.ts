import assert from 'node:assert/strict'
import { describe, test } from 'vitest'
import { demoImageTags, demoStepList } from './demoStepLists.ts'

describe('the step lists bundled into the deck', () => {
  test('parse with the server\'s rules, and a missing demo says so', () => {
    assert.equal(demoStepList('run-basics').list?.steps[0].id !== undefined, true)
    assert.match(demoStepList('no-such-demo').error ?? '', /no demos\/no-such-demo\/steps\.yaml/)
  })

  test('name the images a demo pulls, runs, tags and builds, for its engine picture', () => {
    const basics = demoImageTags('run-basics')
    assert.ok(basics.includes('debian:bookworm-slim'), basics.join(', '))
    assert.ok(basics.includes('demo/run-basics:copy'), 'the target of docker tag')
    assert.ok(demoImageTags('first-dockerfile').includes('demo/greeter:0.1'), 'the tag of docker build -t')
    assert.ok(!basics.some(tag => tag.startsWith('python')), 'nothing of another demo')
  })
})
