/**
 * Lays the picture out whenever it changes. elkjs (about 1.5 MB) is loaded on first use only, so a
 * deck without a picture never fetches it; layouts run one at a time, and a burst of changes costs
 * one more layout for the newest picture, not one per change.
 */
import type { EnginePicture } from '../../server/protocol'
import { onScopeDispose, ref, shallowRef, watch } from 'vue'
import { type GraphOptions, type MeasureText, pictureGraph } from './picture-graph'
import { type ElkLike, type LayoutDirection, layoutPicture, type PictureLayout } from './picture-layout'

let elk: Promise<ElkLike> | undefined

function loadElk(): Promise<ElkLike> {
  elk ??= import('elkjs/lib/elk.bundled.js').then(module => new module.default() as unknown as ElkLike)
  return elk
}

/**
 * Text widths as the browser draws them (in the deck's Inter, once it has loaded), so boxes fit
 * their words exactly; undefined where there is no canvas (tests), which falls back to an estimate.
 */
async function browserMeasure(): Promise<MeasureText | undefined> {
  if (typeof document === 'undefined')
    return undefined
  const context = document.createElement('canvas').getContext?.('2d')
  if (!context)
    return undefined
  // Fonts load when first used; ask for both weights, or the canvas would measure a fallback font.
  await Promise.all(['600 20px Inter', '400 18px Inter'].map(font => document.fonts?.load(font)))
  return (text, size, weight) => {
    context.font = `${weight} ${size}px Inter, system-ui, sans-serif`
    return context.measureText(text).width
  }
}

export function usePictureLayout(source: () => { picture: EnginePicture; direction: LayoutDirection; options: GraphOptions }) {
  const layout = shallowRef<PictureLayout>()
  const error = ref('')
  let running = false
  let again = false
  let disposed = false
  let measure: Promise<MeasureText | undefined> | undefined

  async function update(): Promise<void> {
    if (running) {
      again = true
      return
    }
    running = true
    try {
      do {
        again = false
        const { picture, direction, options } = source()
        measure ??= browserMeasure().catch(() => undefined)
        const graph = pictureGraph(picture, { measure: await measure, ...options })
        const next = await layoutPicture(graph, await loadElk(), direction)
        if (!disposed && !again)
          layout.value = next
      } while (again && !disposed)
      error.value = ''
    }
    catch (cause) {
      error.value = `the picture could not be laid out: ${(cause as Error).message}`
    }
    finally {
      running = false
    }
  }

  watch(source, () => void update(), { immediate: true })
  onScopeDispose(() => {
    disposed = true
  })
  return { layout, error }
}
