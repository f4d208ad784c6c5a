/**
 * Places the picture's boxes with ELK's layered algorithm (elkjs). Hand placement gets hairy as soon
 * as ties cross: a container on two networks, a volume two containers share, compose projects
 * drawn as frames around their containers. ELK keeps the three columns we ask for (partitions:
 * images, containers, what they use), orders each column to cut crossings, routes the ties
 * orthogonally around boxes, makes room for the mount labels, and sizes frames to their contents;
 * it is deterministic, so the same picture always looks the same in every window and in replay.
 * d3-force was the other candidate: it never settles twice the same way and does not route edges.
 */
import type { Box, PictureGraph, Tie } from './picture-graph'
import { TEXT } from './picture-graph'

export type LayoutDirection = 'right' | 'down'

export interface Point { x: number; y: number }

export interface PlacedBox extends Box { x: number; y: number }
export interface PlacedFrame { id: string; title: string; x: number; y: number; width: number; height: number }
export interface PlacedTie extends Tie {
  points: Point[]
  labelAt?: Point
}

export interface PictureLayout {
  width: number
  height: number
  boxes: PlacedBox[]
  ties: PlacedTie[]
  frames: PlacedFrame[]
}

/** The part of elkjs's API we use, so tests can pass the real one and the component loads it lazily. */
export interface ElkLike {
  layout: (graph: ElkNode) => Promise<ElkNode>
}

export interface ElkNode {
  id: string
  x?: number
  y?: number
  width?: number
  height?: number
  layoutOptions?: Record<string, string>
  labels?: Array<{ text: string; width: number; height: number; x?: number; y?: number }>
  children?: ElkNode[]
  edges?: ElkEdge[]
}

interface ElkEdge {
  id: string
  sources: string[]
  targets: string[]
  labels?: Array<{ text: string; width: number; height: number; x?: number; y?: number }>
  container?: string
  sections?: Array<{ startPoint: Point; endPoint: Point; bendPoints?: Point[] }>
}

/** Room for a frame's title above its containers. */
const FRAME_TITLE_HEIGHT = Math.ceil(TEXT.caption * TEXT.lineHeight) + 16

const ROOT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.partitioning.activate': 'true',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  // Keep the picture's order (creation time) where crossings allow: a new container joins at the end.
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.spacing.nodeNode': '18',
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.spacing.edgeNode': '14',
  'elk.spacing.edgeEdge': '8',
  'elk.edgeLabels.placement': 'CENTER',
  'elk.padding': '[top=8,left=8,bottom=8,right=8]',
}

function labelSize(text: string): { width: number; height: number } {
  return { width: Math.ceil(text.length * TEXT.detail * 0.6) + 8, height: Math.ceil(TEXT.detail * TEXT.lineHeight) }
}

function elkBox(box: Box): ElkNode {
  return { id: box.id, width: box.width, height: box.height, layoutOptions: { 'elk.partitioning.partition': String(box.column) } }
}

export function elkGraph(graph: PictureGraph, direction: LayoutDirection): ElkNode {
  const frames = new Map(graph.frames.map(frame => [frame.id, {
    id: frame.id,
    layoutOptions: {
      'elk.partitioning.partition': '1',
      'elk.padding': `[top=${FRAME_TITLE_HEIGHT},left=12,bottom=12,right=12]`,
      // Wide enough for its title, however narrow its containers.
      'elk.nodeSize.constraints': 'MINIMUM_SIZE',
      'elk.nodeSize.minimum': `(${labelSize(frame.title).width + 24}, ${FRAME_TITLE_HEIGHT})`,
    },
    children: [] as ElkNode[],
  }]))
  const children: ElkNode[] = []
  for (const box of graph.boxes) {
    const frame = box.group ? frames.get(box.group) : undefined
    if (frame)
      frame.children.push(elkBox(box))
    else
      children.push(elkBox(box))
  }
  // A frame goes where its first container would have: among the containers, in picture order.
  const firstContainer = children.findIndex(child => child.id.startsWith('container:'))
  children.splice(firstContainer === -1 ? children.length : firstContainer, 0, ...frames.values())
  return {
    id: 'root',
    layoutOptions: { ...ROOT_OPTIONS, 'elk.direction': direction === 'down' ? 'DOWN' : 'RIGHT' },
    children,
    edges: graph.ties.map(tie => ({
      id: tie.id,
      sources: [tie.source],
      targets: [tie.target],
      ...(tie.label ? { labels: [{ text: tie.label, ...labelSize(tie.label) }] } : {}),
    })),
  }
}

/** Absolute positions of every node, since ELK gives children relative to their parent. */
function absolutePositions(root: ElkNode): Map<string, { node: ElkNode; x: number; y: number }> {
  const found = new Map<string, { node: ElkNode; x: number; y: number }>()
  const visit = (node: ElkNode, x: number, y: number) => {
    found.set(node.id, { node, x, y })
    for (const child of node.children ?? [])
      visit(child, x + (child.x ?? 0), y + (child.y ?? 0))
  }
  visit(root, 0, 0)
  return found
}

export async function layoutPicture(graph: PictureGraph, elk: ElkLike, direction: LayoutDirection = 'right'): Promise<PictureLayout> {
  const result = await elk.layout(elkGraph(graph, direction))
  const placed = absolutePositions(result)
  const boxes = graph.boxes.map((box) => {
    const at = placed.get(box.id)
    return { ...box, x: at?.x ?? 0, y: at?.y ?? 0 }
  })
  const frames = graph.frames.map((frame) => {
    const at = placed.get(frame.id)
    return { ...frame, x: at?.x ?? 0, y: at?.y ?? 0, width: at?.node.width ?? 0, height: at?.node.height ?? 0 }
  })
  const ties = new Map(graph.ties.map(tie => [tie.id, tie]))
  const placedTies = (result.edges ?? []).flatMap((edge): PlacedTie[] => {
    const tie = ties.get(edge.id)
    const section = edge.sections?.[0]
    if (!tie || !section)
      return []
    // Edge coordinates are relative to the node ELK says contains the edge.
    const origin = placed.get(edge.container ?? 'root') ?? { x: 0, y: 0 }
    const shift = (point: Point) => ({ x: point.x + origin.x, y: point.y + origin.y })
    const label = edge.labels?.[0]
    return [{
      ...tie,
      points: [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map(shift),
      ...(label?.x !== undefined ? { labelAt: shift({ x: label.x + label.width / 2, y: (label.y ?? 0) + label.height / 2 }) } : {}),
    }]
  })
  return { width: result.width ?? 0, height: result.height ?? 0, boxes, ties: placedTies, frames }
}
