import { describe, expect, test } from 'vitest'
import { satisfiesNodeRange, SUPPORTED_NODE } from './node-engines.ts'

describe('satisfiesNodeRange', () => {
  test('accepts Node 20 from 20.19 and Node 22 from 22.12 on', () => {
    const range = '^20.19.0 || >=22.12.0'
    expect(['20.19.0', 'v20.20.2', '22.12.0', '24.22.3', '26.0.0'].filter(v => satisfiesNodeRange(v, range))).toHaveLength(5)
    expect(['20.18.1', '21.7.3', '22.11.0', '18.20.0'].filter(v => satisfiesNodeRange(v, range))).toEqual([])
  })

  test('reads the supported range from package.json', () => {
    expect(SUPPORTED_NODE).toMatch(/\d+\.\d+/)
    expect(satisfiesNodeRange(process.versions.node)).toBe(true)
  })

  test('refuses a range form it does not understand instead of guessing', () => {
    expect(() => satisfiesNodeRange('20.0.0', '~20.1')).toThrow(/unsupported Node range/)
  })
})
