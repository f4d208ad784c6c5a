/**
 * The live engine picture for a slide: its own WebSocket to the demo server (the same endpoint,
 * token and Origin checks as the terminals), a WatchEngine message, and a PictureMirror kept current
 * from the EngineState messages. A diff that does not fit (a message missed) asks for the whole
 * picture again; a dropped socket reconnects with backoff. Nothing is opened until `start()`, so a
 * slide whose picture is hidden costs the server nothing.
 */
import { getCurrentScope, onScopeDispose, type Ref, ref, shallowRef } from 'vue'
import { PictureMirror } from '../../server/engine/picture-mirror'
import { decodeServerMessage, encodeClient, type EnginePicture, type EngineScope, ServerMessageType, toBytes } from '../../server/protocol'
import { nextBackoffMs } from '../composables/backoff'

export interface EnginePictureFeed {
  /** The newest picture; undefined until the first one arrives. */
  readonly picture: Readonly<Ref<EnginePicture | undefined>>
  /** Why there is no picture, in words, while there is none. */
  readonly problem: Readonly<Ref<string>>
  start: () => void
  stop: () => void
}

export function useEnginePicture(options: { url: string | undefined, scope?: EngineScope, WebSocket?: typeof WebSocket }): EnginePictureFeed {
  const picture = shallowRef<EnginePicture>()
  const problem = ref(options.url ? '' : 'no demo server configured: start the deck with npm start')
  const WebSocketImpl = options.WebSocket ?? globalThis.WebSocket
  const scope = options.scope ?? 'demos'
  let socket: WebSocket | undefined
  let wanted = false
  let failures = 0
  let retry: ReturnType<typeof setTimeout> | undefined

  function open(): void {
    if (!options.url || !wanted)
      return
    const mirror = new PictureMirror()
    const ws = new WebSocketImpl(options.url)
    socket = ws
    ws.binaryType = 'arraybuffer'
    ws.onopen = () => ws.send(encodeClient.watchEngine({ scope }))
    ws.onmessage = (event: MessageEvent) => {
      const message = decodeServerMessage(toBytes(event.data as ArrayBuffer))
      if (message.type === ServerMessageType.Error) {
        problem.value = `${message.body.code}: ${message.body.message}`
        return
      }
      if (message.type !== ServerMessageType.EngineState)
        return
      failures = 0
      problem.value = ''
      if (!mirror.apply(message.body))
        ws.send(encodeClient.watchEngine({ scope }))
      picture.value = mirror.picture
    }
    ws.onclose = () => {
      if (ws !== socket || !wanted)
        return
      socket = undefined
      problem.value = 'cannot reach the demo server; retrying'
      failures++
      retry = setTimeout(open, nextBackoffMs(failures, 500, 10_000))
    }
    ws.onerror = () => {}
  }

  function start(): void {
    if (wanted)
      return
    wanted = true
    open()
  }

  function stop(): void {
    wanted = false
    clearTimeout(retry)
    const ws = socket
    socket = undefined
    try {
      ws?.close(1000, 'picture hidden')
    }
    catch {
      // A socket that never opened may throw on close; it is gone either way.
    }
  }

  if (getCurrentScope())
    onScopeDispose(stop)
  return { picture, problem, start, stop }
}
