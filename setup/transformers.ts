/**
 * Markdown transformers for the deck (Slidev runs `preCodeblock` ones after it has inlined
 * `<<< @/demos/...` imports, so they see the imported code).
 *
 * The demos' Dockerfiles carry a `LABEL org.docker-overview-live.demo=…`: `npm run reset` and each
 * demo's cleanup find the images by it. It teaches the audience nothing, so code blocks on slides
 * leave it out; the files keep it.
 */
import { defineTransformersSetup } from '@slidev/types'

const DOCKERFILE_BLOCK = /^```dockerfile\b[^\n]*\n[\s\S]*?^```$/gm
const HOUSEKEEPING_LABEL = /^LABEL org\.docker-overview-live\.[^\n]*\n/gm

/** The markdown with every housekeeping LABEL line taken out of its Dockerfile code blocks. */
export function dropHousekeepingLabels(markdown: string): string {
  return markdown.replace(DOCKERFILE_BLOCK, block => block.replace(HOUSEKEEPING_LABEL, ''))
}

export default defineTransformersSetup(() => ({
  pre: [],
  preCodeblock: [
    (ctx) => {
      ctx.s.replace(DOCKERFILE_BLOCK, dropHousekeepingLabels)
    },
  ],
  postCodeblock: [],
  post: [],
}))
