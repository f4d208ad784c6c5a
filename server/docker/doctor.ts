/**
 * The pre-flight check before a talk: can every demo run on this machine right now? Each check says
 * ok, warn or fail with a sentence; any fail makes the verdict NO-GO.
 */
import { statfs } from 'node:fs/promises'
import { createServer } from 'node:net'
import { execa } from 'execa'
import { DEMOS_ROOT, type DemoStepList } from '../demos/step-list.ts'
import { satisfiesNodeRange, SUPPORTED_NODE } from '../node-engines.ts'
import { scanDemos } from './demo-scan.ts'
import { docker, firstLine, lines } from './docker-cli.ts'
import { leftoverOwner } from './leftover-owner.ts'
import { offlineCheck } from './offline-check.ts'
import { type DemoResource, planReset } from './reset.ts'

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skipped'

export interface DoctorCheck {
  id: 'node' | 'docker-cli' | 'daemon' | 'compose' | 'images' | 'offline' | 'leftovers' | 'ports' | 'disk' | 'curl'
  title: string
  status: CheckStatus
  detail: string
  /** images: what is missing; offline: the builds that would need the network; ports: which are taken. */
  items?: string[]
}

export interface DoctorReport {
  go: boolean
  /** The checks that failed, by title, for a one-line verdict. */
  problems: string[]
  checks: DoctorCheck[]
  checkedAt: string
}

export interface DoctorOptions {
  demosRoot?: string
  /** Environment for the docker CLI (tests point DOCKER_HOST elsewhere). @default process.env */
  env?: NodeJS.ProcessEnv
  /** Supported Node versions. @default package.json's engines.node */
  nodeRange?: string
}

const GB = 1024 ** 3
const FAIL_BELOW_BYTES = 2 * GB
const WARN_BELOW_BYTES = 5 * GB

/** Resolves true when nothing listens on the port (we could bind it ourselves). */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)))
  })
}

function gigabytes(bytes: number): string {
  return `${(bytes / GB).toFixed(1)} GB`
}

export async function runDoctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const env = options.env ?? process.env
  const run = (args: string[], timeoutMs = 15_000) => docker(args, { env, timeoutMs })
  const checks: DoctorCheck[] = []
  const add = (check: DoctorCheck) => checks.push(check)
  const scan = await scanDemos(options.demosRoot ?? DEMOS_ROOT)

  const nodeRange = options.nodeRange ?? SUPPORTED_NODE
  add({ id: 'node', title: 'Node.js', status: satisfiesNodeRange(process.versions.node, nodeRange) ? 'ok' : 'fail',
    detail: `Node ${process.versions.node} (needs ${nodeRange})` })

  const client = await run(['version', '--format', '{{.Client.Version}}'])
  const hasCli = client.stdout !== '' && !/ENOENT|not found/.test(client.stderr)
  add({ id: 'docker-cli', title: 'docker CLI', status: hasCli ? 'ok' : 'fail',
    detail: hasCli ? `docker ${lines(client.stdout)[0]}` : 'the docker command is not installed or not on PATH' })

  const endpoint = env.DOCKER_HOST
    ? `DOCKER_HOST=${env.DOCKER_HOST}`
    : await (async () => {
      const context = (await run(['context', 'show'])).stdout || env.DOCKER_CONTEXT || 'default'
      const host = (await run(['context', 'inspect', '--format', '{{.Endpoints.docker.Host}}', context])).stdout
      return `context "${context}"${host ? ` (${host})` : ''}`
    })()
  const server = hasCli ? await run(['version', '--format', '{{.Server.Version}}'], 20_000) : undefined
  const daemonUp = server?.ok === true && server.stdout !== ''
  add({ id: 'daemon', title: 'Docker daemon', status: daemonUp ? 'ok' : 'fail',
    detail: daemonUp ? `Docker Engine ${server!.stdout} via ${endpoint}`
      : `no Docker daemon answers via ${endpoint}${server ? `: ${firstLine(server.stderr)}` : ''}` })

  const compose = daemonUp || hasCli ? await run(['compose', 'version', '--short'], 30_000) : undefined
  const composeVersion = compose?.ok ? compose.stdout.replace(/^v/, '') : ''
  add({ id: 'compose', title: 'Docker Compose v2', status: composeVersion && Number(composeVersion.split('.')[0]) >= 2 ? 'ok' : 'fail',
    detail: composeVersion ? `docker compose ${composeVersion}`
      : compose?.timedOut ? '"docker compose version" did not answer within 30 s (is the machine overloaded?)'
        : 'the "docker compose" plugin (v2) is missing' })

  if (daemonUp) {
    const present = new Set(lines((await run(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'])).stdout))
    const missing = [...scan.images.keys()].filter(image => !present.has(image) && !present.has(`docker.io/${image}`)
      && !present.has(`docker.io/library/${image}`))
    add({ id: 'images', title: 'Images the demos need', status: missing.length === 0 ? 'ok' : 'fail', items: missing,
      detail: missing.length === 0 ? `all ${scan.images.size} present: ${[...scan.images.keys()].join(', ')}`
        : `missing ${missing.join(', ')} (run npm run images, or npm run images -- --load FILE)` })
  }
  else {
    add({ id: 'images', title: 'Images the demos need', status: 'skipped', detail: 'needs a daemon' })
  }

  add(daemonUp && checks.find(check => check.id === 'images')?.status === 'ok'
    ? await offlineCheck(options.demosRoot ?? DEMOS_ROOT, env)
    : { id: 'offline', title: 'Builds without internet', status: 'skipped', detail: 'needs a daemon and the images' })

  // A container, volume or network an aborted rehearsal left makes steps that count from zero fail
  // (a name already in use, a table that already exists, a visit counter at 7). Images are kept:
  // they are what makes builds quick on stage.
  if (daemonUp) {
    const left = await planReset(env).then(plan => plan.filter(resource => resource.kind !== 'image'))
      .catch((error: Error) => error)
    add(left instanceof Error
      ? { id: 'leftovers', title: 'Left from an earlier run', status: 'warn', detail: `could not look: ${left.message}` }
      : leftoversCheck(left, scan.lists))
  }
  else {
    add({ id: 'leftovers', title: 'Left from an earlier run', status: 'skipped', detail: 'needs a daemon' })
  }

  const taken: string[] = []
  for (const [port, demo] of [...scan.ports].sort(([a], [b]) => a - b)) {
    if (!await portIsFree(port))
      taken.push(`${port} (${demo})`)
  }
  add({ id: 'ports', title: 'Host ports the demos publish', status: taken.length === 0 ? 'ok' : 'fail', items: taken,
    detail: taken.length === 0 ? `free: ${[...scan.ports.keys()].sort((a, b) => a - b).join(', ')}`
      : `in use: ${taken.join(', ')} (a leftover demo? npm run reset)` })

  const rootDir = daemonUp ? (await run(['info', '--format', '{{.DockerRootDir}}'])).stdout : ''
  const where = await statfs(rootDir || process.cwd()).then(stats => ({ path: rootDir || process.cwd(), stats }))
    .catch(() => statfs(process.cwd()).then(stats => ({ path: process.cwd(), stats })))
  const free = where.stats.bavail * where.stats.bsize
  add({ id: 'disk', title: 'Free disk', status: free < FAIL_BELOW_BYTES ? 'fail' : free < WARN_BELOW_BYTES ? 'warn' : 'ok',
    detail: `${gigabytes(free)} free at ${where.path} (builds need about ${gigabytes(FAIL_BELOW_BYTES)})` })

  const curl = await execa('curl', ['--version'], { reject: false, stdin: 'ignore', timeout: 15_000 })
  add({ id: 'curl', title: 'curl', status: curl.exitCode === 0 ? 'ok' : 'warn',
    detail: curl.exitCode === 0 ? String(curl.stdout).split(' ').slice(0, 2).join(' ')
      : curl.timedOut ? '"curl --version" did not answer within 15 s' : 'curl is missing: the web demos fetch pages with it' })

  const problems = checks.filter(check => check.status === 'fail').map(check => check.title)
  return { go: problems.length === 0, problems, checks, checkedAt: new Date().toISOString() }
}

function leftoversCheck(left: DemoResource[], lists: DemoStepList[]): DoctorCheck {
  const title = 'Left from an earlier run'
  if (left.length === 0)
    return { id: 'leftovers', title, status: 'ok', items: [], detail: 'no demo containers, volumes or networks' }
  const owners = new Set<string>()
  const items = left.map((resource) => {
    const owner = leftoverOwner(resource.ref, lists)
    if (owner)
      owners.add(owner)
    return `${resource.kind} ${resource.ref}${owner ? ` (${owner})` : ''}`
  })
  const perDemo = owners.size > 0 ? `npm run reset -- ${[...owners].join(' ')} starts ${owners.size === 1 ? 'that demo' : 'those demos'} afresh; ` : ''
  return { id: 'leftovers', title, status: 'fail', items, detail: `${items.join(', ')} (${perDemo}npm run reset removes them)` }
}

const SYMBOL: Record<CheckStatus, string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL', skipped: 'skip' }

/** The report as the terminal shows it, ending with the verdict. */
export function formatDoctorReport(report: DoctorReport): string {
  const width = Math.max(...report.checks.map(check => check.title.length))
  const rows = report.checks.map(check => `  [${SYMBOL[check.status]}] ${check.title.padEnd(width)}  ${check.detail}`)
  const verdict = report.go ? 'GO: every demo can run on this machine.' : `NO-GO: ${report.problems.join(', ')}.`
  return `${rows.join('\n')}\n\n${verdict}\n`
}
