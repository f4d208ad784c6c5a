/**
 * The engine picture as a graph to lay out: one box per image, container, volume, bind-mounted
 * folder, published host port and network, ties between them, and a frame per compose project.
 * Pure, and sized in canvas pixels (1280×720): the text sizes here are the ones the component
 * draws, so the layout leaves each box room for its words.
 */
import type { EnginePicture, PictureContainer, PicturePort } from '../../server/protocol'

export type BoxKind = 'image' | 'container' | 'volume' | 'bind' | 'port' | 'network'
export type TieKind = 'runs' | 'mount' | 'port' | 'network'

/** Text sizes in canvas px; nothing smaller than 18 px, so a projector's back row can read it. */
export const TEXT = { title: 20, detail: 18, caption: 18, lineHeight: 1.3 } as const
/** Average advance of an Inter glyph, as a share of its size (a little generous on purpose). */
const GLYPH_WIDTH = 0.58
/** Captions are spaced out by 0.04em a letter (PictureBox.vue). */
const CAPTION_SPACING = 0.04
const PADDING_X = 14
const PADDING_Y = 10
const MIN_WIDTH = 150
const MAX_TITLE_CHARS = 28

export interface Box {
  id: string
  kind: BoxKind
  /** The column it belongs in: images, containers, ports and networks, storage. */
  column: 0 | 1 | 2 | 3
  /** Small upper-case caption ("IMAGE", "VOLUME"). */
  caption: string
  title: string
  /** Further lines (size, status, exit code, driver). */
  details: string[]
  /** Visual state: a container's status; `anonymous` for nameless volumes. */
  state?: string
  /** Badges drawn after the caption ("--rm"). */
  badges: string[]
  /** Compose project frame it sits in. */
  group?: string
  width: number
  height: number
}

export interface Tie {
  id: string
  kind: TieKind
  source: string
  target: string
  /** Mount destination, e.g. "/data". */
  label?: string
}

export interface Frame {
  id: string
  title: string
}

export interface PictureGraph {
  boxes: Box[]
  ties: Tie[]
  frames: Frame[]
}

/** "sha256:58c413c649d0…" → "58c413c649d0": the short id `docker images` shows. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12)
}

/** Shortens from the middle, so both the start and the end of a name stay readable. */
export function ellipsize(text: string, max = MAX_TITLE_CHARS): string {
  if (text.length <= max)
    return text
  const head = Math.ceil((max - 1) / 2)
  return `${text.slice(0, head)}…${text.slice(text.length - (max - 1 - head))}`
}

/** "74.8 MB", as `docker images` counts (powers of 1000). */
export function formatSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`
}

/** A host folder by its last two parts: "…/demos/volumes/site" → "…/volumes/site". */
export function shortPath(source: string): string {
  const parts = source.split('/').filter(Boolean)
  return parts.length <= 2 ? source : `…/${parts.slice(-2).join('/')}`
}

/** Width in px of `text` at `size` px and font `weight`; the browser measures, elsewhere we estimate. */
export type MeasureText = (text: string, size: number, weight: number) => number

export const estimateText: MeasureText = (text, size) => text.length * size * GLYPH_WIDTH

function sizer(measure: MeasureText) {
  return (box: Omit<Box, 'width' | 'height'>): Box => {
    const caption = measure(box.caption, TEXT.caption, 600) + box.caption.length * TEXT.caption * CAPTION_SPACING
      + box.badges.reduce((sum, badge) => sum + 8 + 12 + measure(badge, TEXT.caption, 600), 0)
    const width = Math.max(MIN_WIDTH, measure(box.title, TEXT.title, 600), caption,
      ...box.details.map(line => measure(line, TEXT.detail, 400))) + 2 * PADDING_X + 4
    const height = 2 * PADDING_Y + TEXT.lineHeight * (TEXT.caption + TEXT.title + box.details.length * TEXT.detail)
    return { ...box, width: Math.ceil(width), height: Math.ceil(height) }
  }
}

export function containerStatusLine(container: PictureContainer): string {
  return container.exitCode === undefined ? container.status : `${container.status} (${container.exitCode})`
}

/** A host port once, however many address families publish it: IPv4 and IPv6 come in pairs. */
function publishedOnce(ports: PicturePort[]): Array<PicturePort & { allInterfaces: boolean }> {
  const seen = new Map<string, PicturePort & { allInterfaces: boolean }>()
  for (const port of ports) {
    const key = `${port.hostPort}/${port.protocol}`
    const allInterfaces = port.hostIp === '0.0.0.0' || port.hostIp === '::' || port.hostIp === ''
    const known = seen.get(key)
    if (!known)
      seen.set(key, { ...port, allInterfaces })
    else if (allInterfaces)
      known.allInterfaces = true
  }
  return [...seen.values()]
}

export interface GraphOptions {
  /**
   * Images always drawn, by tag ("debian:bookworm-slim"); others only while a container uses them.
   * @default every image in the picture
   */
  images?: string[]
  /** @default estimateText */
  measure?: MeasureText
}

function withTag(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1).includes(':') ? ref : `${ref}:latest`
}

export function pictureGraph(picture: EnginePicture, options: GraphOptions = {}): PictureGraph {
  const sized = sizer(options.measure ?? estimateText)
  const boxes: Box[] = []
  const ties: Tie[] = []
  const frames = new Map<string, Frame>()
  const resources = new Map<string, Box>()
  const addResource = (box: Omit<Box, 'width' | 'height'>) => {
    if (!resources.has(box.id))
      resources.set(box.id, sized(box))
  }

  const pinned = options.images && new Set(options.images.map(withTag))
  const used = new Set(picture.containers.map(container => container.imageId))
  const images = pinned ? picture.images.filter(image => used.has(image.id) || image.tags.some(tag => pinned.has(tag))) : picture.images
  for (const image of images) {
    const [first, ...more] = image.tags
    boxes.push(sized({
      id: `image:${image.id}`, kind: 'image', column: 0, caption: 'IMAGE', badges: [],
      title: ellipsize(first ?? `<untagged> ${shortId(image.id)}`),
      details: [more.length ? `${formatSize(image.size)} · +${more.length} tag${more.length > 1 ? 's' : ''}` : formatSize(image.size)],
    }))
  }
  const imageIds = new Set(images.map(image => image.id))
  const networks = new Map(picture.networks.map(network => [network.id, network]))
  // Every network in the picture is drawn, used or not: `docker network create` shows before any container joins.
  for (const network of picture.networks) {
    addResource({ id: `network:${network.id}`, kind: 'network', column: 2, caption: 'NETWORK', badges: [],
      title: ellipsize(network.name), details: [network.builtin ? `${network.driver} · built in` : network.driver] })
  }
  for (const volume of picture.volumes) {
    addResource({ id: `volume:${volume.name}`, kind: 'volume', column: 3, caption: 'VOLUME', badges: [],
      title: volume.anonymous ? `anonymous ${volume.name.slice(0, 12)}` : ellipsize(volume.name), details: [volume.driver],
      state: volume.anonymous ? 'anonymous' : undefined })
  }

  for (const container of picture.containers) {
    const id = `container:${container.id}`
    const group = container.compose?.project
    if (group)
      frames.set(group, { id: `project:${group}`, title: `compose project ${group}` })
    boxes.push(sized({
      id, kind: 'container', column: 1, caption: 'CONTAINER', badges: container.autoRemove ? ['--rm'] : [],
      title: ellipsize(container.name), details: [containerStatusLine(container)], state: container.status,
      group: group ? `project:${group}` : undefined,
    }))
    if (imageIds.has(container.imageId))
      ties.push({ id: `runs:${container.id}`, kind: 'runs', source: `image:${container.imageId}`, target: id })
    for (const port of publishedOnce(container.ports)) {
      const portId = `port:${port.hostPort}/${port.protocol}`
      addResource({ id: portId, kind: 'port', column: 2, caption: 'HOST PORT', badges: [],
        title: `${port.allInterfaces ? '' : port.hostIp === '127.0.0.1' ? 'localhost' : port.hostIp}:${port.hostPort}`,
        details: [`→ container :${port.containerPort}${port.protocol === 'tcp' ? '' : `/${port.protocol}`}`] })
      ties.push({ id: `port:${container.id}:${port.hostPort}/${port.protocol}`, kind: 'port', source: id, target: portId })
    }
    for (const mount of container.mounts) {
      const target = mount.type === 'volume' && mount.name ? `volume:${mount.name}` : mount.type === 'bind' && mount.source ? `bind:${mount.source}` : undefined
      if (!target)
        continue
      if (mount.type === 'bind') {
        addResource({ id: target, kind: 'bind', column: 3, caption: 'HOST FOLDER', badges: [], title: ellipsize(shortPath(mount.source!)),
          details: [mount.readOnly ? 'bind mount · read-only' : 'bind mount'] })
      }
      if (resources.has(target))
        ties.push({ id: `mount:${container.id}:${mount.destination}`, kind: 'mount', source: id, target, label: mount.destination })
    }
    for (const networkId of container.networks) {
      if (networks.has(networkId))
        ties.push({ id: `network:${container.id}:${networkId}`, kind: 'network', source: id, target: `network:${networkId}` })
    }
  }
  // Ports first, then storage, then networks: the order the right-hand column reads in.
  const order: BoxKind[] = ['port', 'volume', 'bind', 'network']
  const right = [...resources.values()].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))
  return { boxes: [...boxes, ...right], ties, frames: [...frames.values()] }
}
