/**
 * What the picture shows. By default, what the demos touch: objects named `demo-*`, compose projects
 * named `demo-*`, objects with the demos' label, images the demos use (from server/docker/demo-scan.ts)
 * or build (`demo/...`), and whatever an in-scope container uses (its image, volumes and networks,
 * the default bridge included). Scope `all` shows everything. Containers out of scope are never even
 * inspected, so their settings never reach the follower.
 */
import { DEMO_IMAGE_PREFIX, DEMO_LABEL, DEMO_NAME_PREFIX } from '../docker/demo-scan.ts'
import type { EnginePicture, EngineScope, PictureKind } from '../protocol.ts'
import { type ApiImageSummary, type ApiNetwork, type ApiVolume, COMPOSE_PROJECT_LABEL, type ContainerIdentity } from './engine-objects.ts'
import type { EngineWorld, PictureObjects } from './engine-world.ts'
import { byCreatedThenKey, pictureKey } from './picture-diff.ts'

/** "redis" and "docker.io/library/redis:latest" are one image; compare refs in this short form. */
export function normalizeImageRef(ref: string): string {
  let short = ref.replace(/^docker\.io\//, '').replace(/^library\//, '')
  const lastPart = short.slice(short.lastIndexOf('/') + 1)
  if (!lastPart.includes(':') && !short.includes('@'))
    short += ':latest'
  return short
}

type Labels = Record<string, string> | null | undefined

function demoNamed(name: string, labels: Labels): boolean {
  return name.startsWith(DEMO_NAME_PREFIX)
    || (labels?.[COMPOSE_PROJECT_LABEL] ?? '').startsWith(DEMO_NAME_PREFIX)
    || labels?.[DEMO_LABEL] !== undefined
}

export class ScopeRules {
  private readonly demoImages: ReadonlySet<string>

  constructor(readonly scope: EngineScope, demoImages: Iterable<string> = []) {
    this.demoImages = new Set([...demoImages].map(normalizeImageRef))
  }

  imageIsOwn(api: ApiImageSummary): boolean {
    if (this.scope === 'all' || api.Labels?.[DEMO_LABEL] !== undefined)
      return true
    return (api.RepoTags ?? []).some(tag => tag.startsWith(DEMO_IMAGE_PREFIX) || this.demoImages.has(normalizeImageRef(tag)))
  }

  /** `ownImageIds`: ids of the images in scope on their own, so `docker run <image id>` counts too. */
  containerIsOwn(identity: ContainerIdentity, ownImageIds: ReadonlySet<string>): boolean {
    return this.scope === 'all'
      || demoNamed(identity.name, identity.labels)
      || ownImageIds.has(identity.imageId)
      || identity.image.startsWith(DEMO_IMAGE_PREFIX)
      || this.demoImages.has(normalizeImageRef(identity.image))
  }

  volumeIsOwn(api: ApiVolume): boolean {
    return this.scope === 'all' || demoNamed(api.Name, api.Labels)
  }

  networkIsOwn(api: ApiNetwork): boolean {
    return this.scope === 'all' || demoNamed(api.Name, api.Labels)
  }
}

/** The picture of a world: its in-scope objects and what their containers use, in a stable order. */
export function projectPicture(world: EngineWorld, scope: EngineScope, revision: number): EnginePicture {
  const containers = [...world.containers.values()].map(held => held.object)
  const used = {
    images: new Set(containers.map(container => container.imageId)),
    containers: new Set<string>(),
    volumes: new Set(containers.flatMap(container => container.mounts.flatMap(mount => mount.name ? [mount.name] : []))),
    networks: new Set(containers.flatMap(container => container.networks)),
  }
  const shown = <K extends PictureKind>(kind: K): Array<PictureObjects[K]> =>
    [...(world[kind] as EngineWorld[K]).values()]
      .filter(held => held.own || used[kind].has(pictureKey(kind, held.object)))
      .map(held => held.object as PictureObjects[K])
      .sort(byCreatedThenKey(kind))
  return { revision, scope, engine: world.engine, images: shown('images'), containers: shown('containers'), volumes: shown('volumes'), networks: shown('networks') }
}
