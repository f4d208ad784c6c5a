/** A subscriber for tests and the bench: mirrors the follower's picture and waits for what it shows. */
import type { EngineFollower } from '../../server/engine/engine-follower.ts'
import { PictureMirror } from '../../server/engine/picture-mirror.ts'
import type { EnginePicture, EngineStateMessage } from '../../server/protocol.ts'

export interface PictureWatch {
  readonly mirror: PictureMirror
  /** Every message received, in order. */
  readonly messages: EngineStateMessage[]
  /** Resolves with the first picture (the current one included) for which `test` is true. */
  waitFor: (test: (picture: EnginePicture) => boolean, timeoutMs?: number, what?: string) => Promise<EnginePicture>
  stop: () => void
}

export function watchPicture(follower: EngineFollower): PictureWatch {
  const mirror = new PictureMirror()
  const messages: EngineStateMessage[] = []
  const waiters = new Set<() => void>()
  let gap: Error | undefined
  const stop = follower.subscribe((message) => {
    messages.push(message)
    if (!mirror.apply(message))
      gap ??= new Error(`a diff from revision ${message.kind === 'diff' ? message.diff.from : '?'} did not fit revision ${mirror.picture?.revision}`)
    for (const waiter of [...waiters])
      waiter()
  })
  const waitFor: PictureWatch['waitFor'] = (test, timeoutMs = 5_000, what = 'the picture to change') =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (gap) {
          clearTimeout(timer)
          waiters.delete(check)
          reject(gap)
        }
        else if (mirror.picture && test(mirror.picture)) {
          clearTimeout(timer)
          waiters.delete(check)
          resolve(mirror.picture)
        }
      }
      const timer = setTimeout(() => {
        waiters.delete(check)
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last picture: ${JSON.stringify(mirror.picture)?.slice(0, 2000)}`))
      }, timeoutMs)
      waiters.add(check)
      check()
    })
  return { mirror, messages, waitFor, stop }
}
