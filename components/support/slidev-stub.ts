/**
 * A stand-in for Slidev's context, for component tests only: `@slidev/client` needs a running
 * Slidev app (its router, its nav, a slide around the component), so a test mocks the module with
 * `vi.mock('@slidev/client', () => slidevStub)` and sets the slide it wants here. The components
 * under test are the real ones; only what Slidev would inject is made up.
 */
import { computed, reactive, ref } from 'vue'

/** The slide the component sits on, as Slidev would tell it. Tests set these fields. */
export const slide = reactive({
  renderContext: 'slide',
  printMode: false,
  page: 1,
  currentPage: 1,
  clicks: 0,
  dark: false,
  configs: {} as Record<string, unknown>,
})

/** Slidev's clicks context, reduced to what components register and read. */
const clicksContext = reactive({
  get current() {
    return slide.clicks
  },
  calculateSince: (_at: string | number, size: number) => ({ start: 1, end: 1 + size, delta: size, max: size }),
  register: () => {},
  unregister: () => {},
})

export const slidevStub = {
  useSlideContext: () => ({
    $renderContext: computed(() => slide.renderContext),
    $page: computed(() => slide.page),
    $nav: computed(() => ({ currentPage: slide.currentPage, isPrintMode: false })),
    $clicksContext: clicksContext,
    $slidev: reactive({ configs: computed(() => slide.configs) }),
    $scale: ref(1),
  }),
  useNav: () => ({ isPrintMode: computed(() => slide.printMode) }),
  useDarkMode: () => ({ isDark: computed(() => slide.dark) }),
}

/** Back to a live slide 1 at click 0. */
export function resetSlide(): void {
  Object.assign(slide, { renderContext: 'slide', printMode: false, page: 1, currentPage: 1, clicks: 0, dark: false, configs: {} })
}
