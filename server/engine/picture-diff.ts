/**
 * Diffs between two engine pictures, and applying one. Used by the server to send only what changed
 * and by the slide to keep its copy current, so this file imports nothing from node: or the DOM.
 */
import type { EnginePicture, EnginePictureDiff, PictureKind } from '../protocol.ts'

export const PICTURE_KINDS: readonly PictureKind[] = ['images', 'containers', 'volumes', 'networks']

type AnyObject = EnginePicture[PictureKind][number]

/** The key an object is known by in its kind: volumes by name, everything else by id. */
export function pictureKey(kind: PictureKind, object: AnyObject): string {
  return kind === 'volumes' ? (object as { name: string }).name : (object as { id: string }).id
}

function sameEngine(a: EnginePicture['engine'], b: EnginePicture['engine']): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/**
 * What turns `before` into `after`, or undefined when nothing a slide draws changed. The diff's
 * `revision` is `after.revision`; objects are compared whole, as the JSON they travel as.
 */
export function diffPictures(before: EnginePicture, after: EnginePicture): EnginePictureDiff | undefined {
  const diff: EnginePictureDiff = { from: before.revision, revision: after.revision, upsert: {}, remove: {} }
  let changed = false
  for (const kind of PICTURE_KINDS) {
    const old = new Map<string, string>(before[kind].map(object => [pictureKey(kind, object), JSON.stringify(object)]))
    const upserts = after[kind].filter(object => old.get(pictureKey(kind, object)) !== JSON.stringify(object))
    const kept = new Set(after[kind].map(object => pictureKey(kind, object)))
    const removed = [...old.keys()].filter(key => !kept.has(key))
    if (upserts.length) {
      (diff.upsert as Record<PictureKind, AnyObject[]>)[kind] = upserts
      changed = true
    }
    if (removed.length) {
      diff.remove[kind] = removed
      changed = true
    }
  }
  if (!sameEngine(before.engine, after.engine)) {
    diff.engine = after.engine
    changed = true
  }
  return changed ? diff : undefined
}

/** The order pictures keep their objects in: creation time, then key. */
export function byCreatedThenKey(kind: PictureKind) {
  return (a: AnyObject, b: AnyObject) => a.created - b.created || pictureKey(kind, a).localeCompare(pictureKey(kind, b))
}

/**
 * `picture` with `diff` applied, as a new object; undefined when the diff was made against another
 * revision (a window that missed a message), which means: ask for the whole picture again.
 */
export function applyPictureDiff(picture: EnginePicture, diff: EnginePictureDiff): EnginePicture | undefined {
  if (diff.from !== picture.revision)
    return undefined
  const next: EnginePicture = { ...picture, revision: diff.revision, engine: diff.engine ?? picture.engine }
  for (const kind of PICTURE_KINDS) {
    const upserts = (diff.upsert[kind] ?? []) as AnyObject[]
    const removed = new Set(diff.remove[kind] ?? [])
    if (!upserts.length && !removed.size)
      continue
    const byKey = new Map<string, AnyObject>(picture[kind].map(object => [pictureKey(kind, object), object]))
    for (const key of removed)
      byKey.delete(key)
    for (const object of upserts)
      byKey.set(pictureKey(kind, object), object)
    ;(next as unknown as Record<PictureKind, AnyObject[]>)[kind] = [...byKey.values()].sort(byCreatedThenKey(kind))
  }
  return next
}

/** A picture with nothing in it yet, for a window that has not heard from the server. */
export function emptyPicture(engine: EnginePicture['engine'], scope: EnginePicture['scope'] = 'demos'): EnginePicture {
  return { revision: 0, scope, engine, images: [], containers: [], volumes: [], networks: [] }
}
