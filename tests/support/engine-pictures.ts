/** Engine pictures for the component and layout tests: a demo as a slide would show it. */
import type { EnginePicture, PictureContainer } from '../../server/protocol.ts'

export const bridgeId = 'n-bridge'

export const webContainer: PictureContainer = {
  id: 'c-web', name: 'demo-web', image: 'debian:bookworm-slim', imageId: 'sha256:debian', status: 'running', autoRemove: true,
  ports: [{ hostIp: '0.0.0.0', hostPort: 8081, containerPort: 80, protocol: 'tcp' }, { hostIp: '::', hostPort: 8081, containerPort: 80, protocol: 'tcp' }],
  mounts: [
    { type: 'volume', name: 'demo-data', destination: '/data', readOnly: false },
    { type: 'bind', source: '/home/me/talk/demos/volumes/site', destination: '/site', readOnly: true },
  ],
  networks: [bridgeId],
  created: 20,
}

export const shopContainers: PictureContainer[] = ['web', 'cache'].map((service, index) => ({
  id: `c-shop-${service}`, name: `demo-shop-${service}-1`, image: service === 'web' ? 'python:3.13-slim' : 'redis:7',
  imageId: service === 'web' ? 'sha256:python' : 'sha256:redis', status: 'running', autoRemove: false,
  ports: [], mounts: [], networks: ['n-shop'], compose: { project: 'demo-shop', service }, created: 30 + index,
}))

export function demoPicture(overrides: Partial<EnginePicture> = {}): EnginePicture {
  return {
    revision: 1,
    scope: 'demos',
    engine: { status: 'live', endpoint: 'unix:///var/run/docker.sock', version: '28.5.2' },
    images: [
      { id: 'sha256:debian', tags: ['debian:bookworm-slim'], size: 74_800_000, created: 1 },
      { id: 'sha256:python', tags: ['python:3.13-slim'], size: 440_000_000, created: 2 },
      { id: 'sha256:redis', tags: ['redis:7'], size: 87_600_000, created: 3 },
      { id: 'sha256:postgres', tags: ['postgres:17'], size: 401_000_000, created: 4 },
    ],
    containers: [webContainer, ...shopContainers],
    volumes: [{ name: 'demo-data', driver: 'local', anonymous: false, created: 19 }],
    networks: [
      { id: bridgeId, name: 'bridge', driver: 'bridge', builtin: true, created: 0 },
      { id: 'n-shop', name: 'demo-shop_default', driver: 'bridge', builtin: false, compose: { project: 'demo-shop' }, created: 29 },
    ],
    ...overrides,
  }
}
