/**
 * The wire protocol between the slide terminals (components/) and the demo server (server/).
 *
 * Every WebSocket message is one binary frame: a one-byte message type, then a payload.
 * Terminal bytes (input, output, snapshots) travel raw; control messages carry UTF-8 JSON.
 * This module is imported by both sides, so it uses no `node:` or DOM-only APIs. It is longer than
 * our other files on purpose: every type that crosses the wire, the engine picture's included, is
 * written here and nowhere else.
 */

export const PROTOCOL_VERSION = 1

/** Path of the WebSocket endpoint; the per-start token goes in the `token` query parameter. */
export const TERMINAL_PATH = '/terminal'

/** Path of the doctor's report (GET, JSON), on the same server and with the same token. */
export const DOCTOR_PATH = '/doctor'

/** Messages a client sends. The byte values are printable so a hex dump stays readable. */
export const enum ClientMessageType {
  /** JSON {@link AttachRequest}. Must be the first message; the pty starts only once a size is known. */
  Attach = 0x41, // 'A'
  /** Raw UTF-8 keystrokes for the pty. Refused for read-only clients. */
  Input = 0x69, // 'i'
  /** JSON {@link TerminalSize}. */
  Resize = 0x72, // 'r'
  /** JSON {@link AckPayload}: how many output bytes the client has rendered since the last ack. */
  Ack = 0x61, // 'a'
  /** Empty payload: end the session's processes and start a fresh shell in the same folder. */
  Restart = 0x52, // 'R'
  /** JSON {@link RunRequest}: type a command into the session, once per run id. */
  Run = 0x78, // 'x'
  /** JSON {@link EngineWatchRequest}: send this window the engine picture, then its changes. */
  WatchEngine = 0x67, // 'g'
  /** Empty payload: stop sending this window the engine picture. */
  UnwatchEngine = 0x47, // 'G'
}

/** Messages the server sends. */
export const enum ServerMessageType {
  /** JSON {@link AttachedInfo}: the attach succeeded. */
  Attached = 0x41, // 'A'
  /** Raw bytes: the serialized current screen and scrollback. The client resets, then writes it. */
  Snapshot = 0x73, // 's'
  /** Raw pty output bytes, batched for a few milliseconds. */
  Output = 0x6f, // 'o'
  /** JSON {@link ExitInfo}: the session's shell ended. */
  Exit = 0x65, // 'e'
  /** JSON {@link ErrorInfo}: a request was refused; the connection stays usable unless it is then closed. */
  Error = 0x45, // 'E'
  /** JSON {@link RunStateInfo}: progress of a run request, sent to every attached client. */
  RunState = 0x78, // 'x'
  /** JSON {@link EngineStateMessage}: the whole engine picture, or a diff against the last one sent. */
  EngineState = 0x67, // 'g'
}

/** Stable error codes, shown to the user and listed in the README. */
export const ErrorCode = {
  MalformedFrame: 'DEMO_ERR_MALFORMED_FRAME',
  UnknownMessage: 'DEMO_ERR_UNKNOWN_MESSAGE',
  NotAttached: 'DEMO_ERR_NOT_ATTACHED',
  AlreadyAttached: 'DEMO_ERR_ALREADY_ATTACHED',
  BadSessionId: 'DEMO_ERR_BAD_SESSION_ID',
  PathOutsideDemos: 'DEMO_ERR_PATH_OUTSIDE_DEMOS',
  DemoNotFound: 'DEMO_ERR_DEMO_NOT_FOUND',
  DemoMismatch: 'DEMO_ERR_DEMO_MISMATCH',
  ReadOnly: 'DEMO_ERR_READ_ONLY',
  TooManySessions: 'DEMO_ERR_TOO_MANY_SESSIONS',
  TooManyClients: 'DEMO_ERR_TOO_MANY_CLIENTS',
  SessionEnded: 'DEMO_ERR_SESSION_ENDED',
  SpawnFailed: 'DEMO_ERR_SPAWN_FAILED',
  CommandNotAllowed: 'DEMO_ERR_COMMAND_NOT_ALLOWED',
  /** Not sent on the wire: a recording (asciicast) that does not parse, in the player or the recorder. */
  BadCast: 'DEMO_ERR_BAD_CAST',
} as const
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode]

/** WebSocket close codes (4000-4999 are for applications). */
export const CloseCode = {
  /** The server is shutting down. */
  ServerShutdown: 4000,
  /** The client broke the protocol badly enough that the connection is dropped. */
  ProtocolViolation: 4400,
  /** The session this client was attached to ended and was removed (idle timeout, restart refused). */
  SessionClosed: 4410,
  /** Too many sessions or clients. */
  OverCapacity: 4429,
} as const

/** Session ids are terminal ids chosen by slides: short, lowercase, safe in logs and file names. */
export const SESSION_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/

export const MAX_COLS = 500
export const MAX_ROWS = 200

export interface TerminalSize {
  cols: number
  rows: number
}

export interface AttachRequest extends TerminalSize {
  /** The terminal id: every window that names the same id shares one shell. */
  session: string
  /** Folder under demos/ the shell starts in, e.g. "run-basics". */
  demo: string
  /** A read-only client sees output but cannot type, resize, run or restart. */
  readOnly?: boolean
}

export interface AttachedInfo extends TerminalSize {
  session: string
  demo: string
  readOnly: boolean
  /** Whether the shell is still running or has exited (the screen is still shown). */
  state: 'running' | 'exited'
  clients: number
  protocol: number
}

export interface AckPayload {
  bytes: number
}

/**
 * Milliseconds between typed characters when a click on a slide runs a command (unless the
 * headmatter's `demoTypingDelay` says otherwise), and when `npm run record` records a demo, so a
 * recording types at the speed of the live slide.
 */
export const DEFAULT_TYPE_DELAY_MS = 35

export interface RunRequest {
  /** Dedupe key: a run id is carried out once per session, whichever window asks and however often. */
  runId: string
  /** The command line, typed as if by hand and followed by Enter. */
  command: string
  /** Delay between typed characters in ms (0 types at once). */
  typeDelayMs?: number
  /** A regular expression (source) the output must show for the run to count as done. */
  expect?: string
  /** How long the run may take before it is reported as timed out, in ms. */
  timeoutMs?: number
}

export type RunPhase = 'typing' | 'running' | 'done' | 'failed' | 'timeout'

/** The phases a run ends in: after one of these no further RunState comes for that run id. */
export const FINISHED_RUN_PHASES = ['done', 'failed', 'timeout'] as const satisfies readonly RunPhase[]
export type FinishedRunPhase = (typeof FINISHED_RUN_PHASES)[number]

/** Whether a run (or a row showing one) is over, whichever way it ended. */
export function isFinishedPhase(phase: string | undefined): phase is FinishedRunPhase {
  return (FINISHED_RUN_PHASES as readonly string[]).includes(phase ?? '')
}

/** Whether a run ended without showing what it expected: failed, or timed out. */
export function isFailedPhase(phase: string | undefined): phase is Exclude<FinishedRunPhase, 'done'> {
  return isFinishedPhase(phase) && phase !== 'done'
}

export interface RunStateInfo {
  runId: string
  phase: RunPhase
  /** Exit status of the command when the shell reported it. */
  exitCode?: number
  /** Why a run failed or timed out, in words. */
  reason?: string
}

export interface ExitInfo {
  exitCode: number
  signal?: number
}

export interface ErrorInfo {
  code: ErrorCode
  message: string
}

/**
 * The engine picture: what Docker holds right now, reduced to what a slide draws. It never carries
 * environment values, commands or labels other than the few named here, so another project's secrets
 * cannot reach a slide. Objects are sorted by creation time, then id, so every window draws them in
 * the same order.
 */
export type EngineScope = 'demos' | 'all'

export interface EngineWatchRequest {
  /** `demos` (the default) shows what the demos touch; `all` shows every object on the engine. */
  scope?: EngineScope
}

/** Stable codes for why the engine picture is not live; shown on the slide and listed in the README. */
export const EngineErrorCode = {
  /** Nothing answers on the engine's socket or address (dockerd stopped, wrong DOCKER_HOST). */
  Unreachable: 'ENGINE_ERR_UNREACHABLE',
  /** The engine answered with an HTTP error status. */
  HttpStatus: 'ENGINE_ERR_HTTP_STATUS',
  /** The engine's answer was not the JSON it should be. */
  BadResponse: 'ENGINE_ERR_BAD_RESPONSE',
  /** The event stream ended (the engine is shutting down or restarting). */
  StreamEnded: 'ENGINE_ERR_STREAM_ENDED',
  /** DOCKER_HOST names a scheme we cannot follow (ssh://, npipe://). */
  UnsupportedEndpoint: 'ENGINE_ERR_UNSUPPORTED_ENDPOINT',
} as const
export type EngineErrorCode = (typeof EngineErrorCode)[keyof typeof EngineErrorCode]

export interface EngineStatusInfo {
  /** `connecting` until the first snapshot, `live` while following events, `unreachable` when Docker is gone. */
  status: 'connecting' | 'live' | 'unreachable'
  /** Where the engine is reached, e.g. "unix:///var/run/docker.sock". */
  endpoint: string
  /** The engine's version while it answers, e.g. "28.5.2". */
  version?: string
  code?: EngineErrorCode
  /** Why the engine is unreachable, in words. */
  reason?: string
}

export interface PictureImage {
  /** "sha256:..." */
  id: string
  /** "debian:bookworm-slim"; empty for an untagged image. */
  tags: string[]
  /** Bytes on disk. */
  size: number
  /** Unix seconds. */
  created: number
}

export type ContainerStatus = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead'

export interface PicturePort {
  /** "0.0.0.0", "::" or "127.0.0.1". */
  hostIp: string
  hostPort: number
  containerPort: number
  protocol: string
}

export interface PictureMount {
  type: 'volume' | 'bind' | 'tmpfs' | 'other'
  /** The volume's name, for a volume mount. */
  name?: string
  /** The host path, for a bind mount. */
  source?: string
  /** Path inside the container. */
  destination: string
  readOnly: boolean
}

export interface ComposeTag {
  project: string
  /** The compose service, for containers. */
  service?: string
}

export interface PictureContainer {
  id: string
  /** Without the leading slash: "demo-web". */
  name: string
  /** The image as it was asked for, e.g. "python:3.13-slim". */
  image: string
  /** The image it runs, "sha256:...". */
  imageId: string
  status: ContainerStatus
  exitCode?: number
  /** Started with `--rm`: the engine deletes it when it stops. */
  autoRemove: boolean
  /** Published ports only (`-p`), host side first. */
  ports: PicturePort[]
  mounts: PictureMount[]
  /** Ids of the networks it is attached to. */
  networks: string[]
  compose?: ComposeTag
  /** Unix seconds. */
  created: number
}

export interface PictureVolume {
  name: string
  driver: string
  /** A volume Docker named itself (a 64-hex name), e.g. from `-v /data` or a Dockerfile VOLUME. */
  anonymous: boolean
  compose?: ComposeTag
  created: number
}

export interface PictureNetwork {
  id: string
  name: string
  driver: string
  /** One of the networks every engine has: bridge, host, none. */
  builtin: boolean
  compose?: ComposeTag
  created: number
}

export interface EnginePicture {
  /** Counts changes; a diff names the revision it applies to. */
  revision: number
  scope: EngineScope
  engine: EngineStatusInfo
  images: PictureImage[]
  containers: PictureContainer[]
  volumes: PictureVolume[]
  networks: PictureNetwork[]
}

/** The kinds of object in a picture, as the names of its lists. */
export type PictureKind = 'images' | 'containers' | 'volumes' | 'networks'

export interface EnginePictureDiff {
  /** The revision this diff applies to; a window holding another one asks for the whole picture again. */
  from: number
  /** The revision after it. */
  revision: number
  /** A new engine status, when it changed. */
  engine?: EngineStatusInfo
  /** Objects that appeared or changed, whole. */
  upsert: { images?: PictureImage[]; containers?: PictureContainer[]; volumes?: PictureVolume[]; networks?: PictureNetwork[] }
  /** Keys of objects that went away: image, container and network ids, volume names. */
  remove: Partial<Record<PictureKind, string[]>>
}

export type EngineStateMessage =
  | { kind: 'full'; picture: EnginePicture }
  | { kind: 'diff'; diff: EnginePictureDiff }

export type ClientMessage =
  | { type: ClientMessageType.Attach; body: AttachRequest }
  | { type: ClientMessageType.Input; data: Uint8Array }
  | { type: ClientMessageType.Resize; body: TerminalSize }
  | { type: ClientMessageType.Ack; body: AckPayload }
  | { type: ClientMessageType.Restart }
  | { type: ClientMessageType.Run; body: RunRequest }
  | { type: ClientMessageType.WatchEngine; body: Required<EngineWatchRequest> }
  | { type: ClientMessageType.UnwatchEngine }

export type ServerMessage =
  | { type: ServerMessageType.Attached; body: AttachedInfo }
  | { type: ServerMessageType.Snapshot; data: Uint8Array }
  | { type: ServerMessageType.Output; data: Uint8Array }
  | { type: ServerMessageType.Exit; body: ExitInfo }
  | { type: ServerMessageType.Error; body: ErrorInfo }
  | { type: ServerMessageType.RunState; body: RunStateInfo }
  | { type: ServerMessageType.EngineState; body: EngineStateMessage }

/** Thrown by the decoders; `code` says which rule the frame broke. */
export class ProtocolError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'ProtocolError'
  }
}

const textEncoder = new TextEncoder()
const textDecoder = new TextDecoder('utf-8', { fatal: true })

function frame(type: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(payload.length + 1)
  out[0] = type
  out.set(payload, 1)
  return out
}

function jsonFrame(type: number, body: unknown): Uint8Array {
  return frame(type, textEncoder.encode(JSON.stringify(body)))
}

function parseJson(payload: Uint8Array): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(textDecoder.decode(payload))
  }
  catch {
    throw new ProtocolError(ErrorCode.MalformedFrame, 'payload is not valid UTF-8 JSON')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ProtocolError(ErrorCode.MalformedFrame, 'payload must be a JSON object')
  return value as Record<string, unknown>
}

function requireString(body: Record<string, unknown>, key: string, maxLength: number): string {
  const value = body[key]
  if (typeof value !== 'string' || value.length > maxLength)
    throw new ProtocolError(ErrorCode.MalformedFrame, `"${key}" must be a string of at most ${maxLength} characters`)
  return value
}

function requireInt(body: Record<string, unknown>, key: string, min: number, max: number): number {
  const value = body[key]
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new ProtocolError(ErrorCode.MalformedFrame, `"${key}" must be an integer from ${min} to ${max}`)
  return value
}

function optionalInt(body: Record<string, unknown>, key: string, min: number, max: number): number | undefined {
  return body[key] === undefined ? undefined : requireInt(body, key, min, max)
}

function decodeSize(body: Record<string, unknown>): TerminalSize {
  return { cols: requireInt(body, 'cols', 2, MAX_COLS), rows: requireInt(body, 'rows', 1, MAX_ROWS) }
}

/** Bytes from a WebSocket message, whichever shape the runtime delivered them in. */
export function toBytes(data: ArrayBuffer | ArrayBufferView | ArrayBuffer[]): Uint8Array {
  if (Array.isArray(data)) {
    const total = data.reduce((sum, part) => sum + part.byteLength, 0)
    const out = new Uint8Array(total)
    let offset = 0
    for (const part of data) {
      out.set(new Uint8Array(part), offset)
      offset += part.byteLength
    }
    return out
  }
  if (data instanceof ArrayBuffer)
    return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}

export const encodeClient = {
  attach: (body: AttachRequest) => jsonFrame(ClientMessageType.Attach, body),
  input: (text: string | Uint8Array) =>
    frame(ClientMessageType.Input, typeof text === 'string' ? textEncoder.encode(text) : text),
  resize: (body: TerminalSize) => jsonFrame(ClientMessageType.Resize, body),
  ack: (bytes: number) => jsonFrame(ClientMessageType.Ack, { bytes }),
  restart: () => frame(ClientMessageType.Restart, new Uint8Array(0)),
  run: (body: RunRequest) => jsonFrame(ClientMessageType.Run, body),
  watchEngine: (body: EngineWatchRequest = {}) => jsonFrame(ClientMessageType.WatchEngine, body),
  unwatchEngine: () => frame(ClientMessageType.UnwatchEngine, new Uint8Array(0)),
}

export const encodeServer = {
  attached: (body: AttachedInfo) => jsonFrame(ServerMessageType.Attached, body),
  snapshot: (data: string | Uint8Array) =>
    frame(ServerMessageType.Snapshot, typeof data === 'string' ? textEncoder.encode(data) : data),
  output: (data: Uint8Array) => frame(ServerMessageType.Output, data),
  exit: (body: ExitInfo) => jsonFrame(ServerMessageType.Exit, body),
  error: (code: ErrorCode, message: string) => jsonFrame(ServerMessageType.Error, { code, message }),
  runState: (body: RunStateInfo) => jsonFrame(ServerMessageType.RunState, body),
  enginePicture: (picture: EnginePicture) => jsonFrame(ServerMessageType.EngineState, { kind: 'full', picture }),
  engineDiff: (diff: EnginePictureDiff) => jsonFrame(ServerMessageType.EngineState, { kind: 'diff', diff }),
  engineState: (message: EngineStateMessage) => jsonFrame(ServerMessageType.EngineState, message),
}

/** Decodes one client frame; throws {@link ProtocolError} for anything malformed. */
export function decodeClientMessage(bytes: Uint8Array): ClientMessage {
  if (bytes.length === 0)
    throw new ProtocolError(ErrorCode.MalformedFrame, 'empty frame')
  const payload = bytes.subarray(1)
  switch (bytes[0]) {
    case ClientMessageType.Attach: {
      const body = parseJson(payload)
      const session = requireString(body, 'session', 64)
      if (!SESSION_ID_PATTERN.test(session))
        throw new ProtocolError(ErrorCode.BadSessionId, `session id "${session}" must match ${SESSION_ID_PATTERN}`)
      if (body.readOnly !== undefined && typeof body.readOnly !== 'boolean')
        throw new ProtocolError(ErrorCode.MalformedFrame, '"readOnly" must be a boolean')
      return {
        type: ClientMessageType.Attach,
        body: { session, demo: requireString(body, 'demo', 256), ...decodeSize(body), readOnly: body.readOnly === true },
      }
    }
    case ClientMessageType.Input:
      return { type: ClientMessageType.Input, data: payload }
    case ClientMessageType.Resize:
      return { type: ClientMessageType.Resize, body: decodeSize(parseJson(payload)) }
    case ClientMessageType.Ack:
      return { type: ClientMessageType.Ack, body: { bytes: requireInt(parseJson(payload), 'bytes', 0, 2 ** 31) } }
    case ClientMessageType.Restart:
      return { type: ClientMessageType.Restart }
    case ClientMessageType.Run: {
      const body = parseJson(payload)
      const expect = body.expect === undefined ? undefined : requireString(body, 'expect', 1000)
      if (expect !== undefined) {
        try {
          new RegExp(expect)
        }
        catch {
          throw new ProtocolError(ErrorCode.MalformedFrame, '"expect" is not a valid regular expression')
        }
      }
      return {
        type: ClientMessageType.Run,
        body: {
          runId: requireString(body, 'runId', 200),
          command: requireString(body, 'command', 4000),
          typeDelayMs: optionalInt(body, 'typeDelayMs', 0, 1000),
          expect,
          timeoutMs: optionalInt(body, 'timeoutMs', 0, 30 * 60_000),
        },
      }
    }
    case ClientMessageType.WatchEngine: {
      const scope = parseJson(payload).scope ?? 'demos'
      if (scope !== 'demos' && scope !== 'all')
        throw new ProtocolError(ErrorCode.MalformedFrame, '"scope" must be "demos" or "all"')
      return { type: ClientMessageType.WatchEngine, body: { scope } }
    }
    case ClientMessageType.UnwatchEngine:
      return { type: ClientMessageType.UnwatchEngine }
    default:
      throw new ProtocolError(ErrorCode.UnknownMessage, `unknown message type 0x${bytes[0].toString(16)}`)
  }
}

/** Decodes one server frame. The server is trusted, so this checks shape only loosely. */
export function decodeServerMessage(bytes: Uint8Array): ServerMessage {
  if (bytes.length === 0)
    throw new ProtocolError(ErrorCode.MalformedFrame, 'empty frame')
  const payload = bytes.subarray(1)
  switch (bytes[0]) {
    case ServerMessageType.Attached:
      return { type: ServerMessageType.Attached, body: parseJson(payload) as unknown as AttachedInfo }
    case ServerMessageType.Snapshot:
      return { type: ServerMessageType.Snapshot, data: payload }
    case ServerMessageType.Output:
      return { type: ServerMessageType.Output, data: payload }
    case ServerMessageType.Exit:
      return { type: ServerMessageType.Exit, body: parseJson(payload) as unknown as ExitInfo }
    case ServerMessageType.Error:
      return { type: ServerMessageType.Error, body: parseJson(payload) as unknown as ErrorInfo }
    case ServerMessageType.RunState:
      return { type: ServerMessageType.RunState, body: parseJson(payload) as unknown as RunStateInfo }
    case ServerMessageType.EngineState: {
      const body = parseJson(payload)
      const isObject = (value: unknown) => typeof value === 'object' && value !== null
      if (!(body.kind === 'full' && isObject(body.picture)) && !(body.kind === 'diff' && isObject(body.diff)))
        throw new ProtocolError(ErrorCode.MalformedFrame, 'an engine state is a full picture or a diff')
      return { type: ServerMessageType.EngineState, body: body as unknown as EngineStateMessage }
    }
    default:
      throw new ProtocolError(ErrorCode.UnknownMessage, `unknown message type 0x${bytes[0].toString(16)}`)
  }
}
