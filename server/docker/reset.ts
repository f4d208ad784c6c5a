/**
 * Finds and removes what the demos created, and nothing else: containers, volumes and networks whose
 * name starts with "demo-" or that belong to a compose project named "demo-*", containers of demo
 * images, and images in the demo/ repository or carrying the demo label.
 */
import { DEMO_IMAGE_PREFIX, DEMO_LABEL, DEMO_NAME_PREFIX } from './demo-scan.ts'
import { docker, firstLine, lines } from './docker-cli.ts'

export type ResourceKind = 'container' | 'volume' | 'network' | 'image'

export interface DemoResource {
  kind: ResourceKind
  /** What `docker <kind> rm` is given: a name, or an image reference or ID. */
  ref: string
  /** Why it counts as a demo resource. */
  why: string
}

export interface RemovalOutcome extends DemoResource {
  ok: boolean
  detail: string
}

const PROJECT = '{{.Label "com.docker.compose.project"}}'
const isDemoName = (name: string) => name.startsWith(DEMO_NAME_PREFIX)

/** Lists the demo resources present, in the order they must be removed (containers first). */
export async function planReset(env?: NodeJS.ProcessEnv): Promise<DemoResource[]> {
  const plan: DemoResource[] = []
  const rows = async (args: string[]) => {
    const result = await docker(args, { env })
    if (!result.ok)
      throw new Error(`docker ${args.slice(0, 2).join(' ')} failed: ${firstLine(result.stderr)}`)
    return lines(result.stdout).map(line => line.split('\t'))
  }

  for (const [id, name, image, project, label] of await rows(['container', 'ls', '-a', '--format',
    `{{.ID}}\t{{.Names}}\t{{.Image}}\t${PROJECT}\t{{.Label "${DEMO_LABEL}"}}`])) {
    const why = isDemoName(name) ? 'name starts with demo-' : isDemoName(project ?? '') ? `compose project ${project}`
      : label ? `label ${DEMO_LABEL}=${label}` : image?.startsWith(DEMO_IMAGE_PREFIX) ? `runs ${image}` : ''
    if (why)
      plan.push({ kind: 'container', ref: name || id, why })
  }
  for (const [name, project] of await rows(['volume', 'ls', '--format', `{{.Name}}\t${PROJECT}`])) {
    if (isDemoName(name) || isDemoName(project ?? ''))
      plan.push({ kind: 'volume', ref: name, why: isDemoName(name) ? 'name starts with demo-' : `compose project ${project}` })
  }
  for (const [name, project] of await rows(['network', 'ls', '--format', `{{.Name}}\t${PROJECT}`])) {
    if (isDemoName(name) || isDemoName(project ?? ''))
      plan.push({ kind: 'network', ref: name, why: isDemoName(name) ? 'name starts with demo-' : `compose project ${project}` })
  }
  // Tags first (removing a demo/ tag of a shared image only untags it), then labelled images by ID.
  const tagged = new Set<string>()
  for (const [id, reference] of await rows(['image', 'ls', '--format', '{{.ID}}\t{{.Repository}}:{{.Tag}}'])) {
    if (reference.startsWith(DEMO_IMAGE_PREFIX) || reference.startsWith(`docker.io/${DEMO_IMAGE_PREFIX}`)) {
      plan.push({ kind: 'image', ref: reference, why: 'repository demo/' })
      tagged.add(id)
    }
  }
  for (const [id, reference] of await rows(['image', 'ls', '-a', '--filter', `label=${DEMO_LABEL}`, '--format',
    '{{.ID}}\t{{.Repository}}:{{.Tag}}'])) {
    if (!tagged.has(id) && (reference === '<none>:<none>' || reference.startsWith(DEMO_IMAGE_PREFIX)))
      plan.push({ kind: 'image', ref: id, why: `label ${DEMO_LABEL}` })
  }
  return plan
}

/** Removes the planned resources one by one; a failure is reported and the rest go on. */
export async function executeReset(plan: DemoResource[], env?: NodeJS.ProcessEnv): Promise<RemovalOutcome[]> {
  const outcomes: RemovalOutcome[] = []
  for (const resource of plan) {
    const args = resource.kind === 'container' ? ['container', 'rm', '-f', '-v', resource.ref]
      : resource.kind === 'image' ? ['image', 'rm', resource.ref]
        : [resource.kind, 'rm', resource.ref]
    const result = await docker(args, { env, timeoutMs: 60_000 })
    const gone = !result.ok && /No such|not found/i.test(result.stderr)
    outcomes.push({ ...resource, ok: result.ok || gone, detail: result.ok ? 'removed' : gone ? 'already gone' : firstLine(result.stderr) })
  }
  return outcomes
}
