/**
 * The wire protocol between the slide terminals (components/) and the demo server (server/).
 *
 * Every WebSocket message is one binary frame: a one-byte message type, then a payload.
 * Terminal bytes (input, output, snapshots) travel raw; control messages carry UTF-8 JSON.
 * This module is imported by both sides, so it uses no `node:` or DOM-only APIs.
 */

export const PROTOCOL_VERSION = 1

/** Path of the WebSocket endpoint; the per-start token goes in the `token` query parameter. */
export const TERMINAL_PATH = '/terminal'

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

export type ClientMessage =
  | { type: ClientMessageType.Attach; body: AttachRequest }
  | { type: ClientMessageType.Input; data: Uint8Array }
  | { type: ClientMessageType.Resize; body: TerminalSize }
  | { type: ClientMessageType.Ack; body: AckPayload }
  | { type: ClientMessageType.Restart }
  | { type: ClientMessageType.Run; body: RunRequest }

export type ServerMessage =
  | { type: ServerMessageType.Attached; body: AttachedInfo }
  | { type: ServerMessageType.Snapshot; data: Uint8Array }
  | { type: ServerMessageType.Output; data: Uint8Array }
  | { type: ServerMessageType.Exit; body: ExitInfo }
  | { type: ServerMessageType.Error; body: ErrorInfo }
  | { type: ServerMessageType.RunState; body: RunStateInfo }

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
}

export const encodeServer = {
  attached: (body: AttachedInfo) => jsonFrame(ServerMessageType.Attached, body),
  snapshot: (data: string | Uint8Array) =>
    frame(ServerMessageType.Snapshot, typeof data === 'string' ? textEncoder.encode(data) : data),
  output: (data: Uint8Array) => frame(ServerMessageType.Output, data),
  exit: (body: ExitInfo) => jsonFrame(ServerMessageType.Exit, body),
  error: (code: ErrorCode, message: string) => jsonFrame(ServerMessageType.Error, { code, message }),
  runState: (body: RunStateInfo) => jsonFrame(ServerMessageType.RunState, body),
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
    default:
      throw new ProtocolError(ErrorCode.UnknownMessage, `unknown message type 0x${bytes[0].toString(16)}`)
  }
}
