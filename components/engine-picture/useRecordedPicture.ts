/**
 * The engine picture of a recording: `casts/<demo>.engine.jsonl` (server/recording/engine-timeline.ts)
 * fetched once when first shown, and the picture that belongs to the cast's current position, so it
 * follows the terminal through steps, speed, skips and restarts. Print shows the last one.
 */
import { computed, type Ref, ref, shallowRef } from 'vue'
import { type EnginePicture } from '../../server/protocol'
import { parseEngineTimeline, pictureAt } from '../../server/recording/engine-timeline'
import { castUrl } from '../replay/castSource'

export function engineTimelineUrl(demo: string): string {
  return castUrl(demo).replace(/\.cast$/, '.engine.jsonl')
}

export function useRecordedPicture(demo: string, position: Readonly<Ref<number>>) {
  const timeline = shallowRef<Array<{ from: number, picture: EnginePicture }>>()
  const problem = ref('')
  let loading: Promise<void> | undefined

  function load(): Promise<void> {
    loading ??= (async () => {
      const url = engineTimelineUrl(demo)
      try {
        const response = await fetch(url)
        if (!response.ok)
          throw new Error(`no recorded engine picture of demos/${demo} (${url}: HTTP ${response.status}); run \`npm run record -- ${demo}\``)
        timeline.value = parseEngineTimeline(await response.text())
      }
      catch (error) {
        problem.value = (error as Error).message
        loading = undefined
      }
    })()
    return loading
  }

  const picture = computed(() => timeline.value && pictureAt(timeline.value, position.value))
  const last = computed(() => timeline.value?.at(-1)?.picture)
  return { picture, last, problem, load }
}
