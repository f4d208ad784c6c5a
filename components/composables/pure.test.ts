import assert from 'node:assert/strict'
import { describe, test } from 'vitest'
import { createAckBatcher } from './ackBatcher.ts'
import { nextBackoffMs } from './backoff.ts'
import { resolveDemoServerConfig, terminalEndpoint } from './demoServerConfig.ts'
import { isLiveContext, isPrintPath, shouldConnect } from './sessionGate.ts'

describe('the session gate', () => {
  test('connects only a live slide that is the current one', () => {
    assert.equal(shouldConnect({ renderContext: 'slide', printMode: false, page: 4, currentPage: 4, connected: false }), true)
    assert.equal(shouldConnect({ renderContext: 'presenter', printMode: false, page: 4, currentPage: 4, connected: false }), true)
    assert.equal(shouldConnect({ renderContext: 'slide', printMode: false, page: 5, currentPage: 4, connected: false }), false)
  })

  test('keeps a connected terminal while its slide is next to the current one, not further', () => {
    assert.equal(shouldConnect({ renderContext: 'slide', printMode: false, page: 5, currentPage: 4, connected: true }), true)
    assert.equal(shouldConnect({ renderContext: 'slide', printMode: false, page: 6, currentPage: 4, connected: true }), false)
  })

  test('never connects overview, next-slide preview or print renders', () => {
    for (const renderContext of ['overview', 'previewNext', 'none'])
      assert.equal(shouldConnect({ renderContext, printMode: false, page: 1, currentPage: 1, connected: true }), false)
    assert.equal(isLiveContext('slide', true), false)
    assert.equal(isPrintPath('/print'), true)
    assert.equal(isPrintPath('/deck/export/3'), true)
    assert.equal(isPrintPath('/presenter/3'), false)
  })
})

describe('the demo server config', () => {
  const memory = () => {
    const items = new Map<string, string>()
    return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) }
  }

  test('turns http and ws base URLs into the terminal endpoint with the token', () => {
    assert.equal(terminalEndpoint('http://127.0.0.1:3031', 'abc'), 'ws://127.0.0.1:3031/terminal?token=abc')
    assert.equal(terminalEndpoint('ws://127.0.0.1:3031/terminal', 'a b'), 'ws://127.0.0.1:3031/terminal?token=a+b')
    assert.throws(() => terminalEndpoint('ftp://x', 't'), TypeError)
  })

  test('prefers the page query, remembers it for the tab, then falls back to the environment', () => {
    const storage = memory()
    const env = { VITE_DEMO_SERVER_URL: 'ws://127.0.0.1:1/terminal', VITE_DEMO_TOKEN: 'env' }
    const fromQuery = resolveDemoServerConfig({ search: '?demoServer=http://127.0.0.1:2&demoToken=q', storage, env })
    assert.deepEqual(fromQuery, { terminalUrl: 'ws://127.0.0.1:2/terminal?token=q', source: 'query' })
    assert.equal(resolveDemoServerConfig({ search: '', storage, env })?.source, 'session')
    assert.equal(resolveDemoServerConfig({ search: '', storage: memory(), env })?.terminalUrl, 'ws://127.0.0.1:1/terminal?token=env')
    assert.equal(resolveDemoServerConfig({ search: '', storage: memory(), env: {} }), undefined)
  })
})

describe('acknowledgements', () => {
  test('are batched by size and flushed when every write has rendered', () => {
    const acks: number[] = []
    const batcher = createAckBatcher(100, bytes => acks.push(bytes))
    batcher.written()
    batcher.written()
    batcher.written()
    batcher.rendered(60)
    batcher.rendered(60)
    assert.deepEqual(acks, [120])
    batcher.rendered(5)
    assert.deepEqual(acks, [120, 5])
  })
})

describe('reconnect backoff', () => {
  test('backoff doubles up to the cap, with jitter between half and all of it', () => {
    assert.equal(nextBackoffMs(1, 500, 10_000, () => 1), 500)
    assert.equal(nextBackoffMs(3, 500, 10_000, () => 1), 2000)
    assert.equal(nextBackoffMs(30, 500, 10_000, () => 1), 10_000)
    assert.equal(nextBackoffMs(3, 500, 10_000, () => 0), 1000)
  })
})
