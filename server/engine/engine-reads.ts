/**
 * Reads engine objects into held picture objects: the whole snapshot, one object again after an
 * event, or one kind's list again. Containers out of scope are listed (name, labels, image) but never
 * inspected.
 */
import type { PictureKind } from '../protocol.ts'
import type { EngineClient } from './engine-client.ts'
import {
  type ApiContainerInspect, type ApiContainerSummary, type ApiImageSummary, type ApiNetwork, type ApiVolume,
  inspectIdentity, summaryIdentity, toPictureContainer, toPictureImage, toPictureNetwork, toPictureVolume,
} from './engine-objects.ts'
import type { ScopeRules } from './engine-scope.ts'
import type { Held, HeldLists, PictureObjects } from './engine-world.ts'

/** Inspects at most this many containers at once, so a large engine is not flooded. */
const INSPECT_CONCURRENCY = 4

/** Ids of the images in scope on their own, which puts the containers that run them in scope. */
export function ownImageIds(images: Array<Held<PictureObjects['images']>>): Set<string> {
  return new Set(images.filter(held => held.own).map(held => held.object.id))
}

async function mapLimited<T, R>(items: T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = []
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await map(items[index])
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

export async function readImages(client: EngineClient, rules: ScopeRules): Promise<Array<Held<PictureObjects['images']>>> {
  const list = await client.getJson<ApiImageSummary[]>('/images/json') ?? []
  return list.map(api => ({ object: toPictureImage(api), own: rules.imageIsOwn(api) }))
}

export async function readVolumes(client: EngineClient, rules: ScopeRules): Promise<Array<Held<PictureObjects['volumes']>>> {
  const list = await client.getJson<{ Volumes?: ApiVolume[] | null }>('/volumes')
  return (list?.Volumes ?? []).map(api => ({ object: toPictureVolume(api), own: rules.volumeIsOwn(api) }))
}

export async function readNetworks(client: EngineClient, rules: ScopeRules): Promise<Array<Held<PictureObjects['networks']>>> {
  const list = await client.getJson<ApiNetwork[]>('/networks') ?? []
  return list.map(api => ({ object: toPictureNetwork(api), own: rules.networkIsOwn(api) }))
}

/** The in-scope containers, inspected. */
export async function readContainers(client: EngineClient, rules: ScopeRules, imageIds: ReadonlySet<string>): Promise<Array<Held<PictureObjects['containers']>>> {
  const list = await client.getJson<ApiContainerSummary[]>('/containers/json?all=1') ?? []
  const wanted = list.filter(api => rules.containerIsOwn(summaryIdentity(api), imageIds))
  const inspected = await mapLimited(wanted, INSPECT_CONCURRENCY, api => readContainer(client, rules, imageIds, api.Id))
  return inspected.filter(held => held !== undefined)
}

/** One container, or undefined when it is gone or out of scope (renamed away from `demo-`, say). */
export async function readContainer(client: EngineClient, rules: ScopeRules, imageIds: ReadonlySet<string>, id: string): Promise<Held<PictureObjects['containers']> | undefined> {
  const api = await client.getJson<ApiContainerInspect>(`/containers/${encodeURIComponent(id)}/json`)
  if (!api || !rules.containerIsOwn(inspectIdentity(api), imageIds))
    return undefined
  return { object: toPictureContainer(api), own: true }
}

export async function readVolume(client: EngineClient, rules: ScopeRules, name: string): Promise<Held<PictureObjects['volumes']> | undefined> {
  const api = await client.getJson<ApiVolume>(`/volumes/${encodeURIComponent(name)}`)
  return api && { object: toPictureVolume(api), own: rules.volumeIsOwn(api) }
}

export async function readNetwork(client: EngineClient, rules: ScopeRules, id: string): Promise<Held<PictureObjects['networks']> | undefined> {
  const api = await client.getJson<ApiNetwork>(`/networks/${encodeURIComponent(id)}`)
  return api && { object: toPictureNetwork(api), own: rules.networkIsOwn(api) }
}

/** Everything in one go. Images first: which containers are in scope depends on them. */
export async function readSnapshot(client: EngineClient, rules: ScopeRules): Promise<HeldLists> {
  const images = await readImages(client, rules)
  const [containers, volumes, networks] = await Promise.all([
    readContainers(client, rules, ownImageIds(images)),
    readVolumes(client, rules),
    readNetworks(client, rules),
  ])
  return { images, containers, volumes, networks }
}

export type ReadAll = { [K in PictureKind]: (client: EngineClient, rules: ScopeRules, imageIds: ReadonlySet<string>) => Promise<Array<Held<PictureObjects[K]>>> }

export const readAll: ReadAll = {
  images: readImages,
  containers: readContainers,
  volumes: readVolumes,
  networks: readNetworks,
}
