/**
 * The part of `@slidev/client` the components use, for `npm run typecheck` only (tsconfig `paths`).
 * That package ships TypeScript sources rather than declarations, and they do not type-check
 * outside Slidev's own build (its globals and virtual modules are missing there). Slidev's build
 * and the component tests use the real module; keep these types to what the components call.
 */
import type { ClicksContext } from '@slidev/types'
import type { Ref } from 'vue'

export interface SlideContext {
  $slidev: { configs: Record<string, unknown> } | undefined
  $page: Ref<number>
  $renderContext: Ref<'none' | 'slide' | 'overview' | 'presenter' | 'previewNext'>
  $nav: Ref<{ currentPage: number }>
  $clicksContext: ClicksContext
  $scale: Ref<number>
}

export function useSlideContext(): SlideContext
export function useNav(): { isPrintMode: Ref<boolean> }
export function useDarkMode(): { isDark: Ref<boolean> }
