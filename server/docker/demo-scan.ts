/**
 * Reads the demos folder for what the presenter tools need to know: which images the demos pull or
 * start (from the step lists, Dockerfile FROM lines and compose files), which images they build, and
 * which host ports they publish. Nothing here is a hand-kept list, so a new demo is covered by itself.
 */
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { parse } from 'yaml'
import { DEMOS_ROOT, type DemoStepList, loadAllStepLists } from '../demos/step-list.ts'
import { hostPort, IMAGE_REF, scanCommand, shellWords } from './command-scan.ts'

/** Repository prefix of every image the demos build; `npm run reset` removes these. */
export { hostPort, scanCommand, shellWords } from './command-scan.ts'

export const DEMO_IMAGE_PREFIX = 'demo/'
/** Name prefix of every container, volume, network and compose project the demos create. */
export const DEMO_NAME_PREFIX = 'demo-'
/** Label carried by images the demos build (`LABEL org.docker-overview-live.demo=<folder>`). */
export const DEMO_LABEL = 'org.docker-overview-live.demo'

export interface DemoScan {
  lists: DemoStepList[]
  /** Images the demos need from a registry, sorted, with the demos that use each. */
  images: Map<string, string[]>
  /** Images the demos build themselves (demo/...). */
  built: Set<string>
  /** Host ports the demos publish, with the demo that publishes each. */
  ports: Map<number, string>
  /** Dockerfiles and compose files found, relative to the demos root. */
  files: string[]
}

/** FROM images of a Dockerfile, without its own stage names and ARG-built references. */
export function dockerfileImages(text: string): string[] {
  const stages = new Set<string>()
  const images: string[] = []
  for (const line of text.split('\n')) {
    const match = /^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line)
    if (!match)
      continue
    if (!stages.has(match[1].toLowerCase()) && !match[1].includes('$'))
      images.push(match[1])
    if (match[2])
      stages.add(match[2].toLowerCase())
  }
  return images
}

interface ComposeService { image?: string; build?: unknown; ports?: Array<string | { published?: string | number }> }

/** Images pulled (services without build), images built, and published ports of a compose file. */
export function composeFacts(text: string): { images: string[]; built: string[]; ports: number[]; builds: string[] } {
  const compose = (parse(text) ?? {}) as { services?: Record<string, ComposeService> }
  const facts = { images: [] as string[], built: [] as string[], ports: [] as number[], builds: [] as string[] }
  for (const service of Object.values(compose.services ?? {})) {
    if (service.build) {
      const context = typeof service.build === 'string' ? service.build : (service.build as { context?: string }).context ?? '.'
      facts.builds.push(context)
      if (service.image)
        facts.built.push(service.image)
    }
    else if (service.image) {
      facts.images.push(service.image)
    }
    for (const port of service.ports ?? []) {
      const host = typeof port === 'string' ? hostPort(port) : Number(port.published)
      if (host)
        facts.ports.push(host)
    }
  }
  return facts
}

async function findFiles(dir: string, names: RegExp): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
      found.push(...await findFiles(full, names))
    else if (entry.isFile() && names.test(entry.name))
      found.push(full)
  }
  return found
}

export const COMPOSE_FILE = /^(compose|docker-compose)\.ya?ml$/
export const DOCKERFILE = /^Dockerfile(\..+)?$|\.Dockerfile$/

export async function scanDemos(root = DEMOS_ROOT): Promise<DemoScan> {
  const lists = await loadAllStepLists(root)
  const scan: DemoScan = { lists, images: new Map(), built: new Set(), ports: new Map(), files: [] }
  const use = (image: string, demo: string) => {
    if (image.startsWith(DEMO_IMAGE_PREFIX)) {
      scan.built.add(image)
      return
    }
    const users = scan.images.get(image) ?? []
    if (!users.includes(demo))
      users.push(demo)
    scan.images.set(image, users)
  }
  for (const list of lists) {
    for (const step of list.steps) {
      const { images, ports } = scanCommand(step.command)
      images.forEach(image => use(image, list.name))
      ports.forEach(port => scan.ports.set(port, list.name))
      for (const word of shellWords(step.command)) {
        if (word.startsWith(DEMO_IMAGE_PREFIX) && IMAGE_REF.test(word))
          scan.built.add(word)
      }
    }
    const folder = path.join(root, list.name)
    for (const file of await findFiles(folder, DOCKERFILE)) {
      scan.files.push(path.relative(root, file))
      dockerfileImages(await readFile(file, 'utf8')).forEach(image => use(image, list.name))
    }
    for (const file of await findFiles(folder, COMPOSE_FILE)) {
      scan.files.push(path.relative(root, file))
      const facts = composeFacts(await readFile(file, 'utf8'))
      facts.images.forEach(image => use(image, list.name))
      facts.built.forEach(image => scan.built.add(image))
      facts.ports.forEach(port => scan.ports.set(port, list.name))
    }
  }
  scan.images = new Map([...scan.images].sort(([a], [b]) => a.localeCompare(b)))
  return scan
}

/** True when a folder holds a compose file (where `docker compose` steps need one). */
export function hasComposeFile(folder: string): boolean {
  return ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml']
    .some(name => existsSync(path.join(folder, name)))
}
