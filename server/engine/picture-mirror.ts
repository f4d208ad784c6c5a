/**
 * A window's copy of the engine picture, kept current from EngineState messages. Shared by the
 * slide component, the tests and the bench; imports nothing from node: or the DOM.
 */
import type { EnginePicture, EngineStateMessage } from '../protocol.ts'
import { applyPictureDiff } from './picture-diff.ts'

export class PictureMirror {
  /** The newest picture; undefined until the first whole picture arrives. */
  picture: EnginePicture | undefined

  /**
   * Applies one message. Returns false when a diff does not fit the picture held (a message was
   * missed): the copy is kept as it was and the window should ask for the whole picture again.
   */
  apply(message: EngineStateMessage): boolean {
    if (message.kind === 'full') {
      this.picture = message.picture
      return true
    }
    const next = this.picture && applyPictureDiff(this.picture, message.diff)
    if (!next)
      return false
    this.picture = next
    return true
  }
}
