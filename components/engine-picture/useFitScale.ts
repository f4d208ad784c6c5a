/**
 * How much to shrink the picture to fit its box: at most down to 0.9, so its smallest text (18 px)
 * stays at 16 px or more on the 1280×720 canvas; past that the box scrolls instead.
 */
import { computed, onMounted, onScopeDispose, type Ref, ref } from 'vue'

export const MIN_SCALE = 0.9

export function useFitScale(box: Ref<HTMLElement | undefined>, content: () => { width: number; height: number } | undefined) {
  const available = ref({ width: Number.POSITIVE_INFINITY, height: Number.POSITIVE_INFINITY })
  let observer: ResizeObserver | undefined

  const measure = () => {
    if (box.value)
      available.value = { width: box.value.clientWidth || Number.POSITIVE_INFINITY, height: box.value.clientHeight || Number.POSITIVE_INFINITY }
  }
  onMounted(() => {
    measure()
    if (typeof ResizeObserver !== 'undefined' && box.value) {
      observer = new ResizeObserver(measure)
      observer.observe(box.value)
    }
  })
  onScopeDispose(() => observer?.disconnect())

  return computed(() => {
    const size = content()
    if (!size || !size.width || !size.height)
      return 1
    const fit = Math.min(1, available.value.width / size.width, available.value.height / size.height)
    return Math.max(MIN_SCALE, fit)
  })
}
