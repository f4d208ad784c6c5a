import assert from 'node:assert/strict'
import { describe, test } from 'vitest'
import { demoPicture, webContainer } from '../../tests/support/engine-pictures.ts'
import { ellipsize, formatSize, pictureGraph, shortPath, TEXT } from './picture-graph.ts'

const titles = (graph: ReturnType<typeof pictureGraph>, kind: string) => graph.boxes.filter(box => box.kind === kind).map(box => box.title)

describe('picture graph', () => {
  test('every object becomes a box in its column: images, containers, ports and networks, storage', () => {
    const graph = pictureGraph(demoPicture())
    assert.deepEqual(titles(graph, 'image'), ['debian:bookworm-slim', 'python:3.13-slim', 'redis:7', 'postgres:17'])
    assert.deepEqual(titles(graph, 'container'), ['demo-web', 'demo-shop-web-1', 'demo-shop-cache-1'])
    assert.deepEqual(titles(graph, 'port'), [':8081'])
    assert.deepEqual(titles(graph, 'volume'), ['demo-data'])
    assert.deepEqual(titles(graph, 'bind'), ['…/volumes/site'])
    assert.deepEqual(titles(graph, 'network'), ['bridge', 'demo-shop_default'])
    assert.deepEqual([...new Set(graph.boxes.map(box => `${box.kind}:${box.column}`))],
      ['image:0', 'container:1', 'port:2', 'volume:3', 'bind:3', 'network:2'])
  })

  test('a port published on IPv4 and IPv6 is one host port, tied to its container', () => {
    const graph = pictureGraph(demoPicture())
    const ports = graph.boxes.filter(box => box.kind === 'port')
    assert.equal(ports.length, 1)
    assert.deepEqual(ports[0].details, ['→ container :80'])
    assert.deepEqual(graph.ties.filter(tie => tie.kind === 'port').map(tie => [tie.source, tie.target]), [['container:c-web', 'port:8081/tcp']])
  })

  test('a port published on localhost only says so', () => {
    const local = { ...webContainer, ports: [{ hostIp: '127.0.0.1', hostPort: 8081, containerPort: 80, protocol: 'tcp' }] }
    assert.deepEqual(titles(pictureGraph(demoPicture({ containers: [local] })), 'port'), ['localhost:8081'])
  })

  test('image, mounts and networks are ties from the container, a mount labelled with its path', () => {
    const ties = pictureGraph(demoPicture()).ties.filter(tie => tie.source === 'container:c-web' || tie.target === 'container:c-web')
    assert.deepEqual(ties.map(tie => [tie.kind, tie.label ?? '']), [
      ['runs', ''], ['port', ''], ['mount', '/data'], ['mount', '/site'], ['network', ''],
    ])
  })

  test('compose containers sit in their project\'s frame', () => {
    const graph = pictureGraph(demoPicture())
    assert.deepEqual(graph.frames, [{ id: 'project:demo-shop', title: 'compose project demo-shop' }])
    assert.deepEqual(graph.boxes.filter(box => box.group).map(box => box.title), ['demo-shop-web-1', 'demo-shop-cache-1'])
  })

  test('a stopped container shows its exit code, a --rm one a badge', () => {
    const graph = pictureGraph(demoPicture({ containers: [{ ...webContainer, status: 'exited', exitCode: 137 }] }))
    const box = graph.boxes.find(b => b.kind === 'container')!
    assert.deepEqual(box.details, ['exited (137)'])
    assert.equal(box.state, 'exited')
    assert.deepEqual(box.badges, ['--rm'])
  })

  test('with an image list, other images show only while a container uses them', () => {
    const graph = pictureGraph(demoPicture({ containers: [webContainer] }), { images: ['redis'] })
    assert.deepEqual(titles(graph, 'image'), ['debian:bookworm-slim'], 'redis means redis:latest, which is not here; debian is in use')
    assert.deepEqual(titles(pictureGraph(demoPicture({ containers: [] }), { images: ['redis:7'] }), 'image'), ['redis:7'])
  })

  test('boxes are wide enough for their words as measured, and no text is under 18 px', () => {
    const graph = pictureGraph(demoPicture(), { measure: text => text.length * 12 })
    for (const box of graph.boxes)
      assert.ok(box.width >= box.title.length * 12, `${box.title} fits`)
    assert.ok(Math.min(TEXT.title, TEXT.detail, TEXT.caption) >= 18)
  })

  test('long names are shortened in the middle, sizes counted as docker does', () => {
    assert.equal(ellipsize('demo-enginetest-0123456789abcdef-web-1', 20), 'demo-engin…def-web-1')
    assert.equal(formatSize(74_800_000), '74.8 MB')
    assert.equal(formatSize(401_000_000), '401 MB')
    assert.equal(shortPath('/site'), '/site')
  })
})
