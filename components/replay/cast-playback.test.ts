import assert from 'node:assert/strict'
import headlessModule from '@xterm/headless'
import { describe, test } from 'vitest'
import type { Cast } from '../../server/recording/asciicast.ts'
import { CastPlayback, type Scheduler } from './cast-playback.ts'
import { castScreenText } from './cast-text.ts'

const { Terminal } = headlessModule

const cast: Cast = {
  header: { version: 2, width: 40, height: 5 },
  events: [
    [0, 'o', '$ '],
    [0.5, 'm', 'hello'],
    [0.6, 'o', 'echo hello\r\n'],
    [0.7, 'o', 'hello\r\n$ '],
    [10, 'm', 'bye'],
    [10.2, 'o', 'echo bye\r\nbye\r\n'],
    [10.3, 'o', '$ '],
  ],
}

/** A clock that only moves when told, recording every wait the playback asks for. */
function fakeScheduler(): Scheduler & { waits: number[], runNext: () => boolean } {
  const queue: Array<{ callback: () => void, ms: number, id: number }> = []
  let ids = 0
  return {
    waits: [],
    setTimeout(callback, ms) {
      this.waits.push(Math.round(ms))
      queue.push({ callback, ms, id: ++ids })
      return ids
    },
    clearTimeout(handle) {
      const index = queue.findIndex(entry => entry.id === handle)
      if (index >= 0)
        queue.splice(index, 1)
    },
    runNext() {
      const next = queue.shift()
      next?.callback()
      return next !== undefined
    },
  }
}

function recorder() {
  const sink = { written: [] as string[], resets: 0, write(data: string) { this.written.push(data) }, reset() { this.resets++ } }
  return sink
}

describe('CastPlayback', () => {
  test('plays one step from its marker to the next marker, waiting the recorded gaps', async () => {
    const sink = recorder()
    const scheduler = fakeScheduler()
    const playback = new CastPlayback(cast, sink, { scheduler })
    playback.seek(playback.markerIndex('hello'))
    assert.deepEqual(sink.written, ['$ '])
    const done = playback.play(playback.stepEnd('hello'))
    while (scheduler.runNext()) { /* advance the fake clock */ }
    await done
    assert.deepEqual(sink.written, ['$ ', 'echo hello\r\n', 'hello\r\n$ '])
    assert.deepEqual(scheduler.waits, [100, 100])
    assert.equal(playback.position, playback.markerIndex('bye'))
    assert.equal(playback.state, 'paused')
  })

  test('caps idle pauses at the idle time limit and divides gaps by the speed', async () => {
    const sink = recorder()
    const scheduler = fakeScheduler()
    const playback = new CastPlayback(cast, sink, { scheduler, idleTimeLimit: 2, speed: 2 })
    playback.seek(3)
    const done = playback.play()
    while (scheduler.runNext()) { /* advance */ }
    await done
    // 0.7 s → 10 s is capped at 2 s, then halved; the rest are 0.2 s and 0.1 s, halved.
    assert.deepEqual(scheduler.waits, [1000, 100, 50])
    assert.equal(playback.state, 'ended')
  })

  test('writes everything at once at instant speed', async () => {
    const sink = recorder()
    const playback = new CastPlayback(cast, sink, { speed: 'instant', scheduler: fakeScheduler() })
    await playback.play()
    assert.deepEqual(sink.written, ['$ echo hello\r\nhello\r\n$ echo bye\r\nbye\r\n$ '])
    assert.equal(playback.state, 'ended')
  })

  test('pausing stops output until play is called again', async () => {
    const sink = recorder()
    const scheduler = fakeScheduler()
    const playback = new CastPlayback(cast, sink, { scheduler })
    const first = playback.play()
    playback.pause()
    await first
    assert.equal(scheduler.runNext(), false)
    assert.equal(playback.state, 'paused')
    const second = playback.play()
    while (scheduler.runNext()) { /* advance */ }
    await second
    assert.equal(sink.written.join(''), '$ echo hello\r\nhello\r\n$ echo bye\r\nbye\r\n$ ')
  })

  test('seeking backwards resets the terminal and rewrites from the start', () => {
    const sink = recorder()
    const playback = new CastPlayback(cast, sink, { scheduler: fakeScheduler() })
    playback.finish()
    playback.seek(playback.markerIndex('bye'))
    assert.equal(sink.resets, 1)
    assert.equal(sink.written.at(-1), '$ echo hello\r\nhello\r\n$ ')
    playback.restart()
    assert.equal(sink.resets, 2)
    assert.equal(playback.position, 0)
  })
})

describe('castScreenText', () => {
  const create = (size: { cols: number, rows: number }) => new Terminal({ ...size, allowProposedApi: true })

  test('shows the final screen of the whole cast', async () => {
    assert.equal(await castScreenText(cast, create), '$ echo hello\nhello\n$ echo bye\nbye\n$')
  })

  test('shows the screen as it was at the end of a step, scrolled like a terminal', async () => {
    const playback = new CastPlayback(cast, recorder())
    assert.equal(await castScreenText(cast, create, { until: playback.stepEnd('hello') }), '$ echo hello\nhello\n$')
    const tall: Cast = { header: { version: 2, width: 20, height: 3 }, events: [[0, 'o', '1\r\n2\r\n3\r\n4\r\n5']] }
    assert.equal(await castScreenText(tall, create), '3\n4\n5')
  })
})
