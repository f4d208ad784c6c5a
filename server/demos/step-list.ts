/**
 * A demo's machine-readable step list (`demos/<name>/steps.yaml`): what the presenter types, what the
 * output must show, how long it may take, and how to clean up. Tests, the recorder, the doctor and the
 * slides all read demos through this one loader so they cannot drift apart.
 */
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type DemoStepList, parseStepList } from './step-list-format.ts'

export { parseStepList, STAGE_PAUSE_MS, StepListError } from './step-list-format.ts'
export type { DemoStep, DemoStepList } from './step-list-format.ts'

export const DEMOS_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../demos')

export async function loadStepList(name: string, root = DEMOS_ROOT): Promise<DemoStepList> {
  const file = path.join(root, name, 'steps.yaml')
  return parseStepList(name, await readFile(file, 'utf8'), path.relative(process.cwd(), file))
}

/** Every demo folder that has a steps.yaml, sorted by name. */
export async function loadAllStepLists(root = DEMOS_ROOT): Promise<DemoStepList[]> {
  const entries = await readdir(root, { withFileTypes: true })
  const lists: DemoStepList[] = []
  for (const entry of entries.filter(e => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    try {
      lists.push(await loadStepList(entry.name, root))
    }
    catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        throw error
    }
  }
  return lists
}
