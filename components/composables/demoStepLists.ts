/**
 * Every demos/<name>/steps.yaml, bundled into the deck as text and parsed with the server's own rules
 * (server/demos/step-list-format.ts), for the components that read a demo's steps in the browser.
 */
import { scanCommand } from '../../server/docker/command-scan'
import { type DemoStepList, parseStepList } from '../../server/demos/step-list-format'

const sources = import.meta.glob('../../demos/*/steps.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>

/** The demo's step list, or why there is none. */
export function demoStepList(demo: string): { list?: DemoStepList, error?: string } {
  const text = sources[`../../demos/${demo}/steps.yaml`]
  if (text === undefined)
    return { error: `no demos/${demo}/steps.yaml` }
  try {
    return { list: parseStepList(demo, text) }
  }
  catch (error) {
    return { error: (error as Error).message }
  }
}

/** The image tags the demo's steps pull, run or build: what its engine picture always draws. */
export function demoImageTags(demo: string): string[] {
  const tags = new Set<string>()
  for (const step of demoStepList(demo).list?.steps ?? []) {
    const scan = scanCommand(step.command)
    for (const tag of [...scan.images, ...scan.tags])
      tags.add(tag.includes(':') || tag.includes('@') ? tag : `${tag}:latest`)
  }
  return [...tags]
}
