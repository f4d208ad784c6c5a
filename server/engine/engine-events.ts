/**
 * Which reads an engine event calls for. An event says that something changed, not the whole new
 * state, so the follower reads the object again (or drops it) rather than patching from the event's
 * few attributes: the picture then always matches what the engine reports.
 * Event reference: https://docs.docker.com/reference/api/engine/version/v1.51/#tag/System/operation/SystemEvents
 */
import type { PictureKind } from '../protocol.ts'

/** GET /events, one entry (the fields we read). */
export interface ApiEvent {
  Type?: string
  Action?: string
  Actor?: { ID?: string; Attributes?: Record<string, string> }
  /** Nanoseconds since the epoch, by the engine's clock. */
  timeNano?: number
}

export type EventWork =
  /** Read this object again; it may have gone, which removes it. */
  | { kind: PictureKind; key: string; read: 'one' }
  /** Read the whole list of this kind again (images change by tag, prunes remove many). */
  | { kind: PictureKind; read: 'all' }
  | { kind: PictureKind; key: string; read: 'gone' }

/** The types the follower asks the engine for. */
export const FOLLOWED_EVENT_TYPES = ['container', 'image', 'volume', 'network']

/** Container actions that change nothing drawn: a shell attached, an exec ran, a file was copied. */
const QUIET_CONTAINER_ACTIONS = /^(attach|detach|exec_|resize|top|copy|archive-path|extract-to-dir|export|commit)/
const QUIET_IMAGE_ACTIONS = new Set(['push', 'save'])

export function workForEvent(event: ApiEvent): EventWork[] {
  const action = event.Action ?? ''
  const id = event.Actor?.ID ?? ''
  const attributes = event.Actor?.Attributes ?? {}
  switch (event.Type) {
    case 'container':
      if (!id || QUIET_CONTAINER_ACTIONS.test(action))
        return []
      return [action === 'destroy' ? { kind: 'containers', key: id, read: 'gone' } : { kind: 'containers', key: id, read: 'one' }]
    case 'image':
      return QUIET_IMAGE_ACTIONS.has(action) ? [] : [{ kind: 'images', read: 'all' }]
    case 'volume':
      if (action === 'prune')
        return [{ kind: 'volumes', read: 'all' }]
      if (action === 'destroy')
        return [{ kind: 'volumes', key: id, read: 'gone' }]
      // mount and unmount change the container, whose own events follow; the volume stays as it was.
      return action === 'create' && id ? [{ kind: 'volumes', key: id, read: 'one' }] : []
    case 'network':
      if (action === 'prune')
        return [{ kind: 'networks', read: 'all' }]
      if (action === 'destroy')
        return [{ kind: 'networks', key: id, read: 'gone' }]
      if ((action === 'connect' || action === 'disconnect') && attributes.container)
        return [{ kind: 'containers', key: attributes.container, read: 'one' }]
      return action === 'create' && id ? [{ kind: 'networks', key: id, read: 'one' }] : []
    default:
      return []
  }
}
