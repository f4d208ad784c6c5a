import assert from 'node:assert/strict'
import ELK from 'elkjs/lib/elk.bundled.js'
import { describe, test } from 'vitest'
import { demoPicture } from '../../tests/support/engine-pictures.ts'
import { pictureGraph } from './picture-graph.ts'
import { type ElkLike, layoutPicture, type PlacedBox } from './picture-layout.ts'

const elk = new ELK() as unknown as ElkLike

function overlap(a: PlacedBox, b: PlacedBox): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

describe('picture layout', () => {
  test('no two boxes overlap', async () => {
    const layout = await layoutPicture(pictureGraph(demoPicture()), elk)
    for (const [i, a] of layout.boxes.entries()) {
      for (const b of layout.boxes.slice(i + 1))
        assert.ok(!overlap(a, b), `${a.title} and ${b.title} overlap`)
    }
  })

  test('left to right: images, then containers, then ports and networks, then storage', async () => {
    const layout = await layoutPicture(pictureGraph(demoPicture()), elk, 'right')
    const right = (kind: string) => Math.max(...layout.boxes.filter(box => box.kind === kind).map(box => box.x + box.width))
    const left = (kind: string) => Math.min(...layout.boxes.filter(box => box.kind === kind).map(box => box.x))
    assert.ok(right('image') < left('container'))
    assert.ok(right('container') < left('port') && right('container') < left('network'))
    assert.ok(right('network') < left('volume'))
  })

  test('top to bottom when asked to go down', async () => {
    const layout = await layoutPicture(pictureGraph(demoPicture()), elk, 'down')
    const bottom = (kind: string) => Math.max(...layout.boxes.filter(box => box.kind === kind).map(box => box.y + box.height))
    const top = (kind: string) => Math.min(...layout.boxes.filter(box => box.kind === kind).map(box => box.y))
    assert.ok(bottom('image') < top('container'))
  })

  test('a compose frame holds its containers, and every tie starts and ends at its boxes', async () => {
    const layout = await layoutPicture(pictureGraph(demoPicture()), elk)
    const frame = layout.frames[0]
    for (const box of layout.boxes.filter(b => b.group === frame.id)) {
      assert.ok(box.x >= frame.x && box.x + box.width <= frame.x + frame.width, `${box.title} inside horizontally`)
      assert.ok(box.y >= frame.y && box.y + box.height <= frame.y + frame.height, `${box.title} inside vertically`)
    }
    const boxes = new Map(layout.boxes.map(box => [box.id, box]))
    const touches = (point: { x: number; y: number }, box: PlacedBox) =>
      point.x >= box.x - 1 && point.x <= box.x + box.width + 1 && point.y >= box.y - 1 && point.y <= box.y + box.height + 1
    for (const tie of layout.ties) {
      assert.ok(touches(tie.points[0], boxes.get(tie.source)!), `${tie.id} starts at ${tie.source}`)
      assert.ok(touches(tie.points.at(-1)!, boxes.get(tie.target)!), `${tie.id} ends at ${tie.target}`)
    }
  })

  test('the same picture is laid out the same way every time', async () => {
    const graph = pictureGraph(demoPicture())
    assert.deepEqual(await layoutPicture(graph, elk), await layoutPicture(graph, elk))
  })
})
