/**
 * How fast a run control types its command: the control's own prop, else the headmatter's
 * `demoTypingDelay`, else DEFAULT_TYPE_DELAY_MS (the speed the casts are recorded at).
 */
import type { Ref } from 'vue'
import { useSlideContext } from '@slidev/client'
import { computed } from 'vue'
import { DEFAULT_TYPE_DELAY_MS } from '../../server/protocol'

export function useTypeDelay(own: () => number | undefined): Readonly<Ref<number>> {
  const { $slidev } = useSlideContext()
  return computed(() => {
    const configured = Number(($slidev?.configs as Record<string, unknown> | undefined)?.demoTypingDelay)
    return own() ?? (Number.isFinite(configured) ? configured : DEFAULT_TYPE_DELAY_MS)
  })
}
