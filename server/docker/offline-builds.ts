/**
 * The image builds the demos run on stage that would fetch from the network (a `RUN pip install`), and
 * how a venue without internet is made safe for them while the machine is still online:
 *
 * - most of them are built once ahead, so the BuildKit cache holds their install layers and the stage
 *   build shows those steps CACHED: a cached step runs nothing, so it needs no network;
 * - a build the demo makes fresh on purpose (`docker build --no-cache`, so the audience sees every
 *   step run) cannot lean on the cache: its Dockerfile installs from a `wheels/` folder beside it
 *   (`pip install --no-index --find-links`), which is filled ahead with `pip download`.
 *
 * `probeOfflineBuild` checks either case for real: the fresh build with `--network none`, the others
 * with every proxy pointing at a closed port (Docker leaves proxy build args out of the cache key, so
 * the build finds the same cache the stage build will, and a step that is not cached cannot go out).
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { DEMOS_ROOT } from '../demos/step-list.ts'
import { DOCKERFILE, dockerfileImages, scanDemos } from './demo-scan.ts'
import { docker, firstLine } from './docker-cli.ts'

export interface DemoBuild {
  demo: string
  /** The Dockerfile relative to the demos folder, for messages (a demo may have several). */
  label: string
  /** The Dockerfile and its build context (its folder), absolute. */
  dockerfile: string
  context: string
  /** The step that would go to the network, as written in the Dockerfile. */
  networkStep: string
  /** The demo builds it with --no-cache on stage, so its install must work from wheels/. */
  fresh: boolean
}

export interface BuildOutcome {
  build: DemoBuild
  ok: boolean
  /** What was done or found, or why it failed. */
  detail: string
  /** The RUN steps that ran instead of coming from the cache. */
  ran: string[]
  durationMs: number
}

const NETWORK_STEP = /\b(?:pip3? (?:install|download)|apt-get (?:update|install)|apk add|npm (?:ci|install)|curl|wget|git clone)\b/
const CLOSED_PROXY = 'http://127.0.0.1:9'
/** Proxy build args every build tool honours; none of them changes a cache key. */
const PROXY_BLOCK = ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']
  .flatMap(name => ['--build-arg', `${name}=${CLOSED_PROXY}`]).concat(['--build-arg', 'NO_PROXY=', '--build-arg', 'no_proxy='])

/** RUN instructions of a Dockerfile, continuation lines joined. */
export function runSteps(text: string): string[] {
  return text.replace(/\\\r?\n/g, ' ').split('\n').map(line => line.trim().replace(/\s+/g, ' '))
    .filter(line => /^RUN\s/i.test(line))
}

export async function findNetworkBuilds(root = DEMOS_ROOT): Promise<DemoBuild[]> {
  const scan = await scanDemos(root)
  const builds: DemoBuild[] = []
  for (const relative of scan.files.filter(file => DOCKERFILE.test(path.basename(file)))) {
    const dockerfile = path.join(root, relative)
    const networkStep = runSteps(await readFile(dockerfile, 'utf8')).find(step => NETWORK_STEP.test(step))
    if (!networkStep)
      continue
    const demo = relative.split(path.sep)[0]
    const list = scan.lists.find(candidate => candidate.name === demo)
    const atDemoRoot = path.dirname(relative) === demo
    const fresh = atDemoRoot && (list?.steps ?? []).some(step => /^docker (?:image )?build\b.*\s--no-cache\b/.test(step.command))
    builds.push({ demo, label: relative, dockerfile, context: path.dirname(dockerfile), networkStep, fresh })
  }
  return builds.sort((a, b) => a.dockerfile.localeCompare(b.dockerfile))
}

/** The RUN steps a `--progress plain` build log shows running rather than CACHED. */
export function stepsThatRan(log: string): string[] {
  const names = new Map<string, string>()
  const cached = new Set<string>()
  for (const line of log.split('\n')) {
    const step = /^#(\d+) \[[^\]]*\] (RUN .*)$/.exec(line)
    if (step)
      names.set(step[1], step[2])
    const hit = /^#(\d+) CACHED\s*$/.exec(line)
    if (hit)
      cached.add(hit[1])
  }
  return [...names].filter(([id]) => !cached.has(id)).map(([, name]) => name)
}

function failureLine(log: string): string {
  const error = log.split('\n').reverse().find(line => /ERROR|error:|No matching distribution|Could not/i.test(line))
  return (error ?? firstLine(log)).replace(/^#\d+ [\d.]+ /, '').trim()
}

async function build(target: DemoBuild, extra: string[], env?: NodeJS.ProcessEnv, timeoutMs = 20 * 60_000): Promise<Omit<BuildOutcome, 'detail'> & { log: string }> {
  const started = Date.now()
  const result = await docker(['build', ...extra, '--progress', 'plain', '--output', 'type=cacheonly',
    '-f', target.dockerfile, target.context], { env, timeoutMs })
  const log = `${result.stdout}\n${result.stderr}`
  return { build: target, ok: result.ok, ran: stepsThatRan(log), durationMs: Date.now() - started, log }
}

/** Online, ahead of the talk: fills a fresh build's wheels/, or puts a build's layers in the cache. */
export async function prepareBuild(target: DemoBuild, env?: NodeJS.ProcessEnv): Promise<BuildOutcome> {
  if (!target.fresh) {
    const outcome = await build(target, [], env)
    return { ...outcome, detail: outcome.ok ? 'built, its layers are in the build cache' : failureLine(outcome.log) }
  }
  const started = Date.now()
  const base = dockerfileImages(await readFile(target.dockerfile, 'utf8'))[0]
  const wheels = path.join(target.context, 'wheels')
  if (!existsSync(wheels))
    return { build: target, ok: false, ran: [], durationMs: 0, detail: `${path.relative(DEMOS_ROOT, wheels)} is missing` }
  // The base image's pip picks wheels for the Python and CPU the build will have.
  const user = typeof process.getuid === 'function' ? ['--user', `${process.getuid()}:${process.getgid!()}`] : []
  const result = await docker(['run', '--rm', ...user, '-e', 'HOME=/tmp', '-v', `${target.context}:/context`, '-w', '/context',
    base, 'pip', 'download', '--no-cache-dir', '--dest', 'wheels', '-r', 'requirements.txt'], { env, timeoutMs: 20 * 60_000 })
  return { build: target, ok: result.ok, ran: [], durationMs: Date.now() - started,
    detail: result.ok ? `wheels/ filled by ${base}'s pip`
      : `pip download could not fill wheels/ (is PyPI reachable?): ${failureLine(`${result.stdout}\n${result.stderr}`)}` }
}

/** Builds as the stage will, with the network out of reach; ok when nothing needed it. */
export async function probeOfflineBuild(target: DemoBuild, env?: NodeJS.ProcessEnv): Promise<BuildOutcome> {
  const outcome = await build(target, target.fresh ? ['--network', 'none', '--no-cache'] : PROXY_BLOCK, env, 5 * 60_000)
  return { ...outcome, detail: outcome.ok
    ? target.fresh ? 'builds from wheels/ with no network' : outcome.ran.length === 0 ? 'every RUN step is cached' : 'builds without the network'
    : `would need the network: ${outcome.ran[0] ?? target.networkStep} (${failureLine(outcome.log)})` }
}
