/**
 * Engine API answers turned into picture objects. Each translator copies the fields a slide draws and
 * nothing else: the API types below do not even name Config.Env, Cmd or most labels, so another
 * project's secrets cannot travel further than the parsed answer they came in.
 */
import type { ComposeTag, ContainerStatus, PictureContainer, PictureImage, PictureMount, PictureNetwork, PicturePort, PictureVolume } from '../protocol.ts'

export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project'
export const COMPOSE_SERVICE_LABEL = 'com.docker.compose.service'
const ANONYMOUS_VOLUME_LABEL = 'com.docker.volume.anonymous'
const BUILTIN_NETWORKS = new Set(['bridge', 'host', 'none'])
const CONTAINER_STATUSES = new Set<ContainerStatus>(['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'])

type Labels = Record<string, string> | null | undefined

/** GET /images/json, one entry. */
export interface ApiImageSummary {
  Id: string
  RepoTags?: string[] | null
  Size?: number
  Created?: number
  Labels?: Labels
}

/** GET /containers/json?all=1, one entry: enough to decide whether to inspect it. */
export interface ApiContainerSummary {
  Id: string
  Names?: string[]
  Image?: string
  ImageID?: string
  Labels?: Labels
}

/** GET /containers/{id}/json, the fields we read. */
export interface ApiContainerInspect {
  Id: string
  Name?: string
  Created?: string
  Image?: string
  Config?: { Image?: string; Labels?: Labels }
  State?: { Status?: string; ExitCode?: number }
  HostConfig?: { AutoRemove?: boolean }
  NetworkSettings?: {
    Ports?: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> | null
    Networks?: Record<string, { NetworkID?: string }> | null
  }
  Mounts?: Array<{ Type?: string; Name?: string; Source?: string; Destination?: string; RW?: boolean }> | null
}

/** GET /volumes/{name}, or one entry of GET /volumes. */
export interface ApiVolume {
  Name: string
  Driver?: string
  CreatedAt?: string
  Labels?: Labels
}

/** GET /networks/{id}, or one entry of GET /networks. */
export interface ApiNetwork {
  Id: string
  Name: string
  Driver?: string
  Created?: string
  Labels?: Labels
}

/** What a container is in scope by: its own name, labels and image, as both list and inspect give them. */
export interface ContainerIdentity {
  name: string
  image: string
  imageId: string
  labels: Record<string, string>
}

function seconds(iso: string | undefined): number {
  const ms = iso ? Date.parse(iso) : Number.NaN
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : 0
}

function composeTag(labels: Labels): ComposeTag | undefined {
  const project = labels?.[COMPOSE_PROJECT_LABEL]
  if (!project)
    return undefined
  const service = labels?.[COMPOSE_SERVICE_LABEL]
  return service ? { project, service } : { project }
}

export function toPictureImage(api: ApiImageSummary): PictureImage {
  return {
    id: api.Id,
    // Old engines list an untagged image as "<none>:<none>".
    tags: (api.RepoTags ?? []).filter(tag => tag !== '<none>:<none>').sort(),
    size: api.Size ?? 0,
    created: api.Created ?? 0,
  }
}

export function summaryIdentity(api: ApiContainerSummary): ContainerIdentity {
  return { name: (api.Names?.[0] ?? '').replace(/^\//, ''), image: api.Image ?? '', imageId: api.ImageID ?? '', labels: api.Labels ?? {} }
}

export function inspectIdentity(api: ApiContainerInspect): ContainerIdentity {
  return { name: (api.Name ?? '').replace(/^\//, ''), image: api.Config?.Image ?? '', imageId: api.Image ?? '', labels: api.Config?.Labels ?? {} }
}

function publishedPorts(ports: NonNullable<ApiContainerInspect['NetworkSettings']>['Ports']): PicturePort[] {
  const published: PicturePort[] = []
  for (const [spec, bindings] of Object.entries(ports ?? {})) {
    const [port, protocol = 'tcp'] = spec.split('/')
    for (const binding of bindings ?? []) {
      const hostPort = Number(binding.HostPort)
      if (Number.isInteger(hostPort) && hostPort > 0)
        published.push({ hostIp: binding.HostIp ?? '', hostPort, containerPort: Number(port), protocol })
    }
  }
  return published.sort((a, b) => a.hostPort - b.hostPort || a.hostIp.localeCompare(b.hostIp))
}

function mounts(list: ApiContainerInspect['Mounts']): PictureMount[] {
  return (list ?? []).map((mount): PictureMount => {
    const type = mount.Type === 'volume' || mount.Type === 'bind' || mount.Type === 'tmpfs' ? mount.Type : 'other'
    return {
      type,
      ...(type === 'volume' && mount.Name ? { name: mount.Name } : {}),
      ...(type === 'bind' && mount.Source ? { source: mount.Source } : {}),
      destination: mount.Destination ?? '',
      readOnly: mount.RW === false,
    }
  }).sort((a, b) => a.destination.localeCompare(b.destination))
}

export function toPictureContainer(api: ApiContainerInspect): PictureContainer {
  const identity = inspectIdentity(api)
  const status = (CONTAINER_STATUSES.has(api.State?.Status as ContainerStatus) ? api.State?.Status : 'dead') as ContainerStatus
  const compose = composeTag(identity.labels)
  return {
    id: api.Id,
    name: identity.name,
    image: identity.image,
    imageId: identity.imageId,
    status,
    ...(status === 'exited' || status === 'dead' ? { exitCode: api.State?.ExitCode ?? 0 } : {}),
    autoRemove: api.HostConfig?.AutoRemove === true,
    ports: publishedPorts(api.NetworkSettings?.Ports),
    mounts: mounts(api.Mounts),
    networks: Object.values(api.NetworkSettings?.Networks ?? {}).map(network => network.NetworkID ?? '').filter(Boolean).sort(),
    ...(compose ? { compose } : {}),
    created: seconds(api.Created),
  }
}

export function toPictureVolume(api: ApiVolume): PictureVolume {
  const compose = composeTag(api.Labels)
  return {
    name: api.Name,
    driver: api.Driver ?? 'local',
    anonymous: api.Labels?.[ANONYMOUS_VOLUME_LABEL] !== undefined || /^[0-9a-f]{64}$/.test(api.Name),
    ...(compose ? { compose } : {}),
    created: seconds(api.CreatedAt),
  }
}

export function toPictureNetwork(api: ApiNetwork): PictureNetwork {
  const compose = composeTag(api.Labels)
  return {
    id: api.Id,
    name: api.Name,
    driver: api.Driver ?? '',
    builtin: BUILTIN_NETWORKS.has(api.Name),
    ...(compose ? { compose } : {}),
    created: seconds(api.Created),
  }
}
