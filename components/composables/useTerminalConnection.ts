/**
 * One WebSocket between a slide terminal and its session on the demo server.
 *
 * Modelled on VueUse's useWebSocket: one options object, refs out, cleanup on scope dispose, never
 * throws from socket callbacks, and ignores events from a socket it has already replaced. The wire
 * format lives only in server/protocol.ts.
 */
import type { AttachedInfo, ExitInfo, RunRequest, RunStateInfo, TerminalSize } from '../../server/protocol'
import type { Ref } from 'vue'
import { getCurrentScope, onScopeDispose, ref, shallowRef } from 'vue'
import { CloseCode, decodeServerMessage, encodeClient, ServerMessageType, toBytes } from '../../server/protocol'
import { createAckBatcher } from './ackBatcher'
import { nextBackoffMs } from './backoff'

/** What the badge shows: `idle` before the slide is near, `unconfigured` when no server is known. */
export type ConnectionStatus = 'idle' | 'unconfigured' | 'connecting' | 'live' | 'disconnected' | 'ended'

/** The part of an xterm Terminal the connection writes to. */
export interface TerminalSink {
  write: (data: Uint8Array, rendered?: () => void) => void
  reset: () => void
}

export interface TerminalConnectionOptions {
  session: string
  demo: string
  /** Attach read-only: see output, never type, resize or run. @default false */
  readOnly?: boolean
  /** Full terminal endpoint URL with token; undefined means no server is configured. */
  url: string | undefined
  sink: TerminalSink
  /** The fitted size, asked for at every (re)connect because the pty starts at the size it is told. */
  size: () => TerminalSize
  onRunState?: (state: RunStateInfo) => void
  /** Rendered bytes acknowledged per Ack at most. @default 16384 */
  ackBatchBytes?: number
  /** First reconnect delay in ms, doubled per failure up to maxRetryMs. @default 500 */
  retryMs?: number
  /** @default 10000 */
  maxRetryMs?: number
  /** For tests in Node 20, which has no global WebSocket. @default globalThis.WebSocket */
  WebSocket?: typeof WebSocket
}

export interface TerminalConnection {
  readonly status: Readonly<Ref<ConnectionStatus>>
  readonly error: Readonly<Ref<string>>
  readonly attached: Readonly<Ref<AttachedInfo | undefined>>
  readonly exit: Readonly<Ref<ExitInfo | undefined>>
  connect: () => void
  disconnect: () => void
  input: (data: string) => void
  resize: (size: TerminalSize) => void
  run: (request: RunRequest) => void
  restart: () => void
}

export function useTerminalConnection(options: TerminalConnectionOptions): TerminalConnection {
  const status = ref<ConnectionStatus>(options.url ? 'idle' : 'unconfigured')
  const error = ref('')
  const attached = shallowRef<AttachedInfo>()
  const exit = shallowRef<ExitInfo>()
  const WebSocketImpl = options.WebSocket ?? globalThis.WebSocket
  const pendingRuns = new Map<string, RunRequest>()
  let socket: WebSocket | undefined
  let wanted = false
  let failures = 0
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let acks = newBatcher()

  function newBatcher() {
    return createAckBatcher(options.ackBatchBytes ?? 16_384, bytes => send(encodeClient.ack(bytes)))
  }

  function send(frame: Uint8Array): boolean {
    if (!socket || socket.readyState !== WebSocketImpl.OPEN)
      return false
    socket.send(frame)
    return true
  }

  function open(): void {
    clearTimeout(retryTimer)
    if (!options.url) {
      status.value = 'unconfigured'
      return
    }
    let ws: WebSocket
    try {
      ws = new WebSocketImpl(options.url)
    }
    catch (cause) {
      error.value = `cannot open ${redact(options.url)}: ${(cause as Error).message}`
      scheduleRetry()
      return
    }
    socket = ws
    acks = newBatcher()
    status.value = 'connecting'
    ws.binaryType = 'arraybuffer'
    ws.onopen = () => {
      if (ws !== socket)
        return
      const { cols, rows } = options.size()
      send(encodeClient.attach({ session: options.session, demo: options.demo, cols, rows, readOnly: options.readOnly === true }))
    }
    ws.onmessage = (event: MessageEvent) => {
      if (ws !== socket)
        return
      try {
        socketOnMessage(toBytes(event.data as ArrayBuffer))
      }
      catch (cause) {
        error.value = `bad message from the demo server: ${(cause as Error).message}`
      }
    }
    ws.onclose = (event: CloseEvent) => {
      if (ws !== socket)
        return
      socket = undefined
      socketOnClose(event.code, event.reason)
    }
    // Errors are always followed by close, which decides what to do next.
    ws.onerror = () => {}
  }

  function socketOnMessage(bytes: Uint8Array): void {
    const message = decodeServerMessage(bytes)
    switch (message.type) {
      case ServerMessageType.Attached:
        failures = 0
        error.value = ''
        attached.value = message.body
        exit.value = undefined
        status.value = message.body.state === 'exited' ? 'ended' : 'live'
        for (const request of pendingRuns.values())
          send(encodeClient.run(request))
        pendingRuns.clear()
        break
      case ServerMessageType.Snapshot:
        // The snapshot is the whole screen: start from a clean terminal so a reconnect does not duplicate it.
        options.sink.reset()
        options.sink.write(message.data)
        break
      case ServerMessageType.Output: {
        const batcher = acks
        batcher.written()
        options.sink.write(message.data, () => batcher.rendered(message.data.length))
        break
      }
      case ServerMessageType.Exit:
        exit.value = message.body
        status.value = 'ended'
        break
      case ServerMessageType.Error:
        error.value = `${message.body.code}: ${message.body.message}`
        break
      case ServerMessageType.RunState:
        options.onRunState?.(message.body)
        break
    }
  }

  function socketOnClose(code: number, reason: string): void {
    attached.value = undefined
    if (!wanted) {
      status.value = options.url ? 'idle' : 'unconfigured'
      return
    }
    if (reason)
      error.value = reason
    else if (!error.value && code !== 1000)
      error.value = `cannot reach the demo server (close ${code}); is \`npm start\` or \`npm run server\` running?`
    if (code === CloseCode.ProtocolViolation) {
      // Retrying would only repeat the same mistake.
      status.value = 'disconnected'
      return
    }
    scheduleRetry(code === CloseCode.OverCapacity ? 4 : 1)
  }

  function scheduleRetry(weight = 1): void {
    status.value = 'disconnected'
    failures += weight
    const delay = nextBackoffMs(failures, options.retryMs ?? 500, options.maxRetryMs ?? 10_000)
    clearTimeout(retryTimer)
    retryTimer = setTimeout(() => wanted && open(), delay)
  }

  function connect(): void {
    if (wanted)
      return
    wanted = true
    failures = 0
    open()
  }

  function disconnect(): void {
    wanted = false
    clearTimeout(retryTimer)
    const ws = socket
    socket = undefined
    attached.value = undefined
    status.value = options.url ? 'idle' : 'unconfigured'
    try {
      ws?.close(1000, 'slide left')
    }
    catch {
      // Closing a socket that never opened can throw in some browsers; it is gone either way.
    }
  }

  if (getCurrentScope())
    onScopeDispose(disconnect)

  return {
    status,
    error,
    attached,
    exit,
    connect,
    disconnect,
    input: data => !options.readOnly && send(encodeClient.input(data)),
    resize: size => !options.readOnly && send(encodeClient.resize(size)),
    run(request) {
      // Sent now if attached, else on the next Attached; the server dedupes by runId either way.
      if (options.readOnly)
        return
      if (!attached.value || !send(encodeClient.run(request)))
        pendingRuns.set(request.runId, request)
    },
    restart: () => !options.readOnly && send(encodeClient.restart()),
  }
}

/** The token must not end up in a message on a projected screen. */
function redact(url: string): string {
  return url.replace(/token=[^&]*/, 'token=…')
}
