/**
 * Which demo a leftover container, volume or network belongs to, so the doctor can say
 * `npm run reset -- compose` rather than only "something is left". Compose names what it creates
 * after the project (`demo-<folder>`), the other demos name their resources in their step lists.
 */
import type { DemoStepList } from '../demos/step-list.ts'
import { shellWords } from './command-scan.ts'

export function leftoverOwner(ref: string, lists: DemoStepList[]): string | undefined {
  const byProject = lists.filter(list => ref.startsWith(`demo-${list.name}_`) || ref.startsWith(`demo-${list.name}-`))
    .sort((a, b) => b.name.length - a.name.length)[0]
  if (byProject)
    return byProject.name
  return lists.find(list => [...list.steps.map(step => step.command), ...list.cleanup]
    .some(command => shellWords(command).some(word => word === ref || word.startsWith(`${ref}:`) || word.endsWith(`=${ref}`))))?.name
}
