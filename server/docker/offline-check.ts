/**
 * The doctor's check that no demo build will reach for the network on stage: each build that installs
 * packages is tried the offline way (server/docker/offline-builds.ts). A failure is a warning, not a
 * NO-GO, because the venue may well have internet; it must just never be discovered on stage.
 */
import type { DoctorCheck } from './doctor.ts'
import { findNetworkBuilds, probeOfflineBuild } from './offline-builds.ts'

/** How long a result is reused: the presenter view asks every minute, and builds are not free. */
const REUSE_MS = 10 * 60_000
const recent = new Map<string, { at: number; check: Promise<DoctorCheck> }>()

export function offlineCheck(demosRoot: string, env?: NodeJS.ProcessEnv): Promise<DoctorCheck> {
  const key = `${demosRoot}\n${env?.DOCKER_HOST ?? ''}\n${env?.DOCKER_CONTEXT ?? ''}`
  const last = recent.get(key)
  if (last && Date.now() - last.at < REUSE_MS)
    return last.check
  const check = probeAll(demosRoot, env)
  recent.set(key, { at: Date.now(), check })
  check.catch(() => recent.delete(key))
  return check
}

async function probeAll(demosRoot: string, env?: NodeJS.ProcessEnv): Promise<DoctorCheck> {
  const title = 'Builds without internet'
  const builds = await findNetworkBuilds(demosRoot)
  const needNetwork: string[] = []
  for (const build of builds) {
    const outcome = await probeOfflineBuild(build, env)
    if (!outcome.ok)
      needNetwork.push(`${build.label}: ${outcome.detail}`)
  }
  if (needNetwork.length === 0) {
    return { id: 'offline', title, status: 'ok', items: [],
      detail: builds.length === 0 ? 'no demo build installs packages' : `${[...new Set(builds.map(build => build.demo))].join(', ')} build with no network` }
  }
  return { id: 'offline', title, status: 'warn', items: needNetwork,
    detail: `${needNetwork.join('; ')}. While online, run npm run images: it caches these builds and fills wheels/` }
}
