/**
 * Opt-in recording of live sessions (`npm run server -- --record DIR`, or DEMO_RECORD_DIR): every
 * session streams to its own cast in DIR, so a presenter keeps what actually happened on stage.
 * It is one more sink of the session's output; nothing here can stop or slow the session: a disk
 * error is logged once and the recording for that session stops.
 */
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { LogFn } from '../config.ts'
import { CastWriter } from './asciicast.ts'
import { openCastStream } from './cast-file.ts'
import { buildCastHeader, gatherHeaderFacts, type HeaderFacts } from './cast-header.ts'
import { stepOfRun } from '../run-id.ts'
import type { ObservedSession, SessionSink } from '../session-sink.ts'


function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-')
}

export class LiveRecorder {
  private constructor(readonly dir: string, private readonly facts: HeaderFacts, private readonly log: LogFn) {}

  /** Creates DIR if needed and asks Docker for its version once, up front. */
  static async create(dir: string, log: LogFn): Promise<LiveRecorder> {
    const absolute = path.resolve(dir)
    await mkdir(absolute, { recursive: true })
    return new LiveRecorder(absolute, await gatherHeaderFacts(), log)
  }

  fileFor(info: ObservedSession, date = new Date()): string {
    const safe = (text: string) => text.replace(/[^a-zA-Z0-9._-]+/g, '_')
    return path.join(this.dir, `${safe(info.demo)}--${safe(info.session)}--${stamp(date)}.cast`)
  }

  observe(info: ObservedSession): SessionSink {
    const file = this.fileFor(info)
    const stream = openCastStream(file, error =>
      this.log('error', `session ${info.session}: recording to ${file} stopped: ${error.message}`))
    const header = buildCastHeader(this.facts, { width: info.cols, height: info.rows,
      title: `${info.demo} (live session ${info.session})` })
    const writer = new CastWriter(header, stream.write)
    this.log('info', `session ${info.session}: recording to ${file}`)
    return {
      output: data => writer.output(data),
      run: runId => writer.marker(stepOfRun(info.demo, runId)),
      resize: (cols, rows) => writer.resize(cols, rows),
      restart: () => {
        writer.marker('restart')
        // Clear screen and scrollback, as a fresh shell starts with an empty screen.
        writer.output('\u001B[3J\u001B[H\u001B[2J')
      },
      close: async () => {
        writer.end()
        await stream.close()
      },
    }
  }
}

/**
 * The `observeSession` option for startDemoServer when live recording is asked for (`--record DIR`
 * or DEMO_RECORD_DIR), else undefined.
 */
export async function liveRecordingOption(dir: string | undefined, log: LogFn): Promise<((info: ObservedSession) => SessionSink) | undefined> {
  if (!dir)
    return undefined
  const recorder = await LiveRecorder.create(dir, log)
  return info => recorder.observe(info)
}
