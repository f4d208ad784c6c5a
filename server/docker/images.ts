/**
 * Gets the images the demos need onto this machine: pull them (each failure named, the rest go on),
 * or carry them on a file (`docker save` / `docker load`) to a venue without internet.
 */
import { existsSync } from 'node:fs'
import { docker, firstLine, lines } from './docker-cli.ts'

export interface ImageOutcome {
  image: string
  ok: boolean
  /** Docker's status line on success, the reason on failure. */
  detail: string
  durationMs: number
}

export type ProgressFn = (event: { index: number; total: number; image: string; outcome?: ImageOutcome }) => void

/** Pulls each image in turn; a failure is reported and the next image is pulled anyway. */
export async function pullImages(images: string[], onProgress: ProgressFn = () => {}, env?: NodeJS.ProcessEnv): Promise<ImageOutcome[]> {
  const outcomes: ImageOutcome[] = []
  for (const [index, image] of images.entries()) {
    onProgress({ index, total: images.length, image })
    const started = Date.now()
    const pull = await docker(['pull', image], { timeoutMs: 15 * 60_000, env })
    const status = lines(pull.stdout).find(line => line.startsWith('Status:'))
    const outcome = { image, ok: pull.ok, durationMs: Date.now() - started,
      detail: pull.ok ? (status ?? 'pulled').replace(/^Status:\s*/, '') : firstLine(pull.stderr) || `docker pull exited with ${pull.exitCode}` }
    outcomes.push(outcome)
    onProgress({ index, total: images.length, image, outcome })
  }
  return outcomes
}

/** Saves the images that are present into one tar file; returns the ones that were missing. */
export async function saveImages(images: string[], file: string, env?: NodeJS.ProcessEnv): Promise<{ saved: string[]; missing: string[] }> {
  const saved: string[] = []
  const missing: string[] = []
  for (const image of images)
    ((await docker(['image', 'inspect', image], { env })).ok ? saved : missing).push(image)
  if (saved.length > 0) {
    const save = await docker(['save', '-o', file, ...saved], { timeoutMs: 30 * 60_000, env })
    if (!save.ok)
      throw new Error(`docker save failed: ${firstLine(save.stderr)}`)
  }
  return { saved, missing }
}

/** Loads a file written by saveImages; returns the image names Docker reports as loaded. */
export async function loadImages(file: string, env?: NodeJS.ProcessEnv): Promise<string[]> {
  if (!existsSync(file))
    throw new Error(`no such file: ${file}`)
  const load = await docker(['load', '-i', file], { timeoutMs: 30 * 60_000, env })
  if (!load.ok)
    throw new Error(`docker load failed: ${firstLine(load.stderr)}`)
  return lines(load.stdout).map(line => line.replace(/^Loaded image( ID)?:\s*/, ''))
}
