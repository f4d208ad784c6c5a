/** What exists in Docker right now (containers, volumes, networks, images), to compare before and after a demo. */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface DockerSnapshot {
  containers: Set<string>
  volumes: Set<string>
  networks: Set<string>
  images: Set<string>
}

async function list(args: string[]): Promise<Set<string>> {
  const { stdout } = await run('docker', args, { timeout: 30_000 })
  return new Set(stdout.split('\n').map(line => line.trim()).filter(Boolean))
}

/** Label of the CI stand-in images (.ci/docker): their builds and re-tags are test infrastructure, not a demo's doing. */
const STANDIN = 'label=org.docker-overview-live.standin'

export async function snapshotDocker(): Promise<DockerSnapshot> {
  const [containers, standinContainers, volumes, networks, images, standinImages, demoImages] = await Promise.all([
    list(['container', 'ls', '-a', '--format', '{{.Names}} ({{.Image}})']),
    list(['container', 'ls', '-a', '--filter', STANDIN, '--format', '{{.Names}} ({{.Image}})']),
    list(['volume', 'ls', '--format', '{{.Name}}']),
    list(['network', 'ls', '--format', '{{.Name}}']),
    list(['image', 'ls', '-a', '--no-trunc', '--format', '{{.ID}} {{.Repository}}:{{.Tag}}']),
    list(['image', 'ls', '-a', '--no-trunc', '--filter', STANDIN, '--format', '{{.ID}}']),
    list(['image', 'ls', '-a', '--no-trunc', '--filter', 'label=org.docker-overview-live.demo', '--format', '{{.ID}}']),
  ])
  // A demo image built FROM a stand-in inherits its label, so only drop images that are not the demos'.
  const isStandin = (image: string) => standinImages.has(image.split(' ')[0]) && !demoImages.has(image.split(' ')[0])
    && !/ demo\//.test(image)
  return {
    containers: new Set([...containers].filter(name => !standinContainers.has(name) || name.startsWith('demo-'))),
    volumes,
    networks,
    images: new Set([...images].filter(image => !isStandin(image))),
  }
}

/** Everything in `after` that was not in `before`, as "kind name" lines (empty when nothing is left). */
export function leftovers(before: DockerSnapshot, after: DockerSnapshot): string[] {
  const found: string[] = []
  for (const kind of ['containers', 'volumes', 'networks', 'images'] as const) {
    for (const item of after[kind]) {
      if (!before[kind].has(item))
        found.push(`${kind.slice(0, -1)} ${item}`)
    }
  }
  return found
}
