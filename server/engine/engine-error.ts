/** The one error type of the engine follower; `code` is one of the stable {@link EngineErrorCode}s. */
import { EngineErrorCode } from '../protocol.ts'

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    /** The HTTP status, for {@link EngineErrorCode.HttpStatus}. */
    readonly status?: number,
  ) {
    super(message)
    this.name = 'EngineError'
  }
}

/** Any failure as an EngineError: socket errors (ENOENT, ECONNREFUSED, EPIPE...) mean the engine is unreachable. */
export function asEngineError(error: unknown): EngineError {
  if (error instanceof EngineError)
    return error
  const message = error instanceof Error ? error.message : String(error)
  return new EngineError(EngineErrorCode.Unreachable, message)
}
