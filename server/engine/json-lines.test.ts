import assert from 'node:assert/strict'
import { describe, test } from 'vitest'
import { EngineErrorCode } from '../protocol.ts'
import { EngineError } from './engine-error.ts'
import { JsonLineSplitter } from './json-lines.ts'

describe('JsonLineSplitter', () => {
  test('an event split across two chunks comes out once, whole', () => {
    const splitter = new JsonLineSplitter()
    assert.deepEqual(splitter.push('{"Type":"contai'), [])
    assert.deepEqual(splitter.push('ner","Action":"start"}\n'), [{ Type: 'container', Action: 'start' }])
  })

  test('several events in one chunk come out in order', () => {
    const splitter = new JsonLineSplitter()
    assert.deepEqual(splitter.push('{"n":1}\n{"n":2}\n{"n":'), [{ n: 1 }, { n: 2 }])
    assert.deepEqual(splitter.push('3}\n'), [{ n: 3 }])
  })

  test('blank lines are skipped', () => {
    assert.deepEqual(new JsonLineSplitter().push('\n\r\n{"n":1}\n\n'), [{ n: 1 }])
  })

  test('text after the last newline waits as the rest', () => {
    const splitter = new JsonLineSplitter()
    splitter.push('{"n":1}\n{"half"')
    assert.equal(splitter.rest, '{"half"')
  })

  test('a line that is not JSON fails with ENGINE_ERR_BAD_RESPONSE', () => {
    assert.throws(() => new JsonLineSplitter().push('<html>\n'),
      (error: unknown) => error instanceof EngineError && error.code === EngineErrorCode.BadResponse)
  })
})
