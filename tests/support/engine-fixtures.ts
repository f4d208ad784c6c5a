/** Engine API answers shaped like Docker 28's, for the pure tests of the engine follower. */
import type { ApiContainerInspect, ApiImageSummary, ApiNetwork, ApiVolume } from '../../server/engine/engine-objects.ts'

export const SECRET = 'hunter2-do-not-show'

export const debianImage: ApiImageSummary = {
  Id: 'sha256:debian', RepoTags: ['debian:bookworm-slim'], Size: 74_800_000, Created: 1_700_000_000, Labels: null,
}

export const otherImage: ApiImageSummary = {
  Id: 'sha256:other', RepoTags: ['acme/payroll:3'], Size: 120_000_000, Created: 1_700_000_100, Labels: { 'com.acme.team': 'pay' },
}

/** A demo container as `docker run -d --rm --name demo-web -p 8081:80 -v demo-data:/data -e TOKEN=… debian:bookworm-slim` leaves it. */
export function webInspect(overrides: Partial<ApiContainerInspect> = {}): ApiContainerInspect & { Config: Record<string, unknown> } {
  return {
    Id: 'c-web',
    Name: '/demo-web',
    Created: '2026-01-01T10:00:00.5Z',
    Image: 'sha256:debian',
    Config: { Image: 'debian:bookworm-slim', Labels: { 'com.acme.secret-label': SECRET }, Env: [`TOKEN=${SECRET}`, 'PATH=/usr/bin'], Cmd: ['sh', '-c', `echo ${SECRET}`] },
    State: { Status: 'running', ExitCode: 0 },
    HostConfig: { AutoRemove: true },
    NetworkSettings: {
      Ports: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8081' }, { HostIp: '::', HostPort: '8081' }], '443/tcp': null },
      Networks: { bridge: { NetworkID: 'n-bridge' } },
    },
    Mounts: [
      { Type: 'volume', Name: 'demo-data', Source: '/var/lib/docker/volumes/demo-data/_data', Destination: '/data', RW: true },
      { Type: 'bind', Source: '/home/me/site', Destination: '/usr/share/nginx/html', RW: false },
    ],
    ...overrides,
  }
}

export const dataVolume: ApiVolume = { Name: 'demo-data', Driver: 'local', CreatedAt: '2026-01-01T09:59:00Z', Labels: null }
export const anonymousVolume: ApiVolume = { Name: 'a'.repeat(64), Driver: 'local', CreatedAt: '2026-01-01T09:59:00Z', Labels: { 'com.docker.volume.anonymous': '' } }
export const otherVolume: ApiVolume = { Name: 'payroll-db', Driver: 'local', CreatedAt: '2026-01-01T08:00:00Z', Labels: null }

export const bridgeNetwork: ApiNetwork = { Id: 'n-bridge', Name: 'bridge', Driver: 'bridge', Created: '2026-01-01T00:00:00Z', Labels: {} }
export const composeNetwork: ApiNetwork = { Id: 'n-shop', Name: 'demo-shop_default', Driver: 'bridge', Created: '2026-01-01T11:00:00Z', Labels: { 'com.docker.compose.project': 'demo-shop', 'com.docker.compose.network': 'default' } }
export const otherNetwork: ApiNetwork = { Id: 'n-pay', Name: 'payroll_default', Driver: 'bridge', Created: '2026-01-01T08:00:00Z', Labels: { 'com.docker.compose.project': 'payroll' } }
