/**
 * Whether the slide a component sits on is live: shown to the audience ('slide') or as the
 * presenter's current slide ('presenter'), and not printed or exported. Everything else Slidev
 * renders (overview thumbnails, the presenter's next-slide preview, print and export pages) is a
 * picture of the slide: components there open nothing and run nothing, as Slidev's own SlidevVideo
 * and RenderWhen decide from `$renderContext` and `isPrintMode`.
 */
import type { Ref } from 'vue'
import { useNav, useSlideContext } from '@slidev/client'
import { computed } from 'vue'
import { isLiveContext, isPrintPath } from './sessionGate'

export interface LiveSlide {
  /** Slidev's render context of this slide: 'slide' | 'presenter' | 'previewNext' | 'overview' | 'none'. */
  renderContext: Readonly<Ref<string>>
  /** Print or PDF export. */
  printMode: Readonly<Ref<boolean>>
  /** The slide is live: it may connect, run and type. */
  live: Readonly<Ref<boolean>>
  /** This slide's number. */
  page: Readonly<Ref<number>>
  /** The number of the slide being presented now. */
  currentPage: Readonly<Ref<number>>
  /** Live and the one being presented now (not a neighbour kept mounted for the transition). */
  current: Readonly<Ref<boolean>>
}

export function useLiveSlide(): LiveSlide {
  const { $renderContext, $page, $nav } = useSlideContext()
  // A print slide gets a fixed nav of its own whose print flag is false: the window's nav is right,
  // and Slidev's /print route (unlike ?print and /export) sets no flag at all, hence the path.
  const { isPrintMode } = useNav()
  const printMode = computed(() => isPrintMode.value || isPrintPath(window.location.pathname))
  const renderContext = computed(() => $renderContext.value)
  const live = computed(() => isLiveContext(renderContext.value, printMode.value))
  const page = computed(() => $page.value)
  const currentPage = computed(() => $nav.value.currentPage)
  const current = computed(() => live.value && page.value === currentPage.value)
  return { renderContext, printMode, live, page, currentPage, current }
}
