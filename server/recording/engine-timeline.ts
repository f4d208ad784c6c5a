/**
 * The engine picture's timeline beside a cast: `public/casts/<demo>.engine.jsonl`. The first line is
 * a header; each further line is `[eventIndex, EngineStateMessage]`, the message as the demo server
 * sent it (a whole picture first, then diffs). `eventIndex` counts the cast's events written before
 * the message arrived, so a player that has written events up to that index shows that picture:
 * the picture follows the terminal through idle-time limits, speed changes, skips and restarts alike.
 */
import type { EnginePicture, EngineStateMessage } from '../protocol.ts'
import { PictureMirror } from '../engine/picture-mirror.ts'

export const ENGINE_TIMELINE_VERSION = 1

export interface EngineTimelineHeader {
  version: typeof ENGINE_TIMELINE_VERSION
  demo: string
}

export type EngineTimelineEntry = [eventIndex: number, message: EngineStateMessage]

export function formatEngineTimeline(demo: string, entries: EngineTimelineEntry[]): string {
  const header: EngineTimelineHeader = { version: ENGINE_TIMELINE_VERSION, demo }
  return `${[header, ...entries].map(line => JSON.stringify(line)).join('\n')}\n`
}

/** The pictures of a timeline, each with the cast event index from which it shows. */
export function parseEngineTimeline(text: string): Array<{ from: number, picture: EnginePicture }> {
  const [first, ...rest] = text.split('\n').filter(line => line.trim() !== '')
  const header = JSON.parse(first ?? '{}') as Partial<EngineTimelineHeader>
  if (header.version !== ENGINE_TIMELINE_VERSION)
    throw new Error(`not an engine timeline of version ${ENGINE_TIMELINE_VERSION}`)
  const mirror = new PictureMirror()
  const pictures: Array<{ from: number, picture: EnginePicture }> = []
  for (const line of rest) {
    const [from, message] = JSON.parse(line) as EngineTimelineEntry
    if (mirror.apply(message) && mirror.picture)
      pictures.push({ from, picture: mirror.picture })
  }
  return pictures
}

/** The picture on show once `position` cast events are written: the last one from at or before it. */
export function pictureAt(pictures: Array<{ from: number, picture: EnginePicture }>, position: number): EnginePicture | undefined {
  let shown: EnginePicture | undefined
  for (const entry of pictures) {
    if (entry.from > position)
      break
    shown = entry.picture
  }
  return shown
}
