/**
 * The follower's model of the engine: every object it holds, each marked whether it is in scope on
 * its own (by name, label or tag) or only shown when an in-scope container uses it. A pure reducer:
 * an action gives a new world and leaves the old one as it was, so a picture taken earlier stays
 * valid to diff against.
 */
import type { EngineStatusInfo, PictureContainer, PictureImage, PictureKind, PictureNetwork, PictureVolume } from '../protocol.ts'
import { pictureKey } from './picture-diff.ts'

export interface Held<T> {
  object: T
  /** In scope by itself; otherwise shown only when an in-scope container uses it. */
  own: boolean
}

export interface PictureObjects {
  images: PictureImage
  containers: PictureContainer
  volumes: PictureVolume
  networks: PictureNetwork
}

export type HeldMaps = { readonly [K in PictureKind]: ReadonlyMap<string, Held<PictureObjects[K]>> }

export interface EngineWorld extends HeldMaps {
  engine: EngineStatusInfo
}

export type HeldLists = { [K in PictureKind]: Array<Held<PictureObjects[K]>> }

export type WorldAction =
  | { type: 'snapshot'; engine: EngineStatusInfo; held: HeldLists }
  | { type: 'engine'; engine: EngineStatusInfo }
  | { [K in PictureKind]: { type: 'upsert'; kind: K; held: Held<PictureObjects[K]> } }[PictureKind]
  | { type: 'remove'; kind: PictureKind; key: string }
  | { [K in PictureKind]: { type: 'replace'; kind: K; held: Array<Held<PictureObjects[K]>> } }[PictureKind]

function mapOf<K extends PictureKind>(kind: K, held: Array<Held<PictureObjects[K]>>): Map<string, Held<PictureObjects[K]>> {
  return new Map(held.map(entry => [pictureKey(kind, entry.object), entry]))
}

export function emptyWorld(engine: EngineStatusInfo): EngineWorld {
  return { engine, images: new Map(), containers: new Map(), volumes: new Map(), networks: new Map() }
}

export function reduceWorld(world: EngineWorld, action: WorldAction): EngineWorld {
  switch (action.type) {
    case 'snapshot':
      return {
        engine: action.engine,
        images: mapOf('images', action.held.images),
        containers: mapOf('containers', action.held.containers),
        volumes: mapOf('volumes', action.held.volumes),
        networks: mapOf('networks', action.held.networks),
      }
    case 'engine':
      return { ...world, engine: action.engine }
    case 'upsert': {
      const next = new Map<string, Held<unknown>>(world[action.kind])
      next.set(pictureKey(action.kind, action.held.object), action.held)
      return { ...world, [action.kind]: next }
    }
    case 'remove': {
      if (!world[action.kind].has(action.key))
        return world
      const next = new Map<string, Held<unknown>>(world[action.kind])
      next.delete(action.key)
      return { ...world, [action.kind]: next }
    }
    case 'replace':
      return { ...world, [action.kind]: mapOf(action.kind, action.held as Array<Held<PictureObjects[typeof action.kind]>>) }
  }
}
