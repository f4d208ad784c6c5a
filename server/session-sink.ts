/**
 * What a session hands, besides its clients, to anything else that wants its output: today the
 * opt-in live recorder (server/recording/session-recorder.ts). A sink only listens; nothing it does
 * can stop or slow the session.
 */

/** Which session a sink is made for. */
export interface ObservedSession {
  session: string
  demo: string
  cols: number
  rows: number
}

export interface SessionSink {
  /** Output bytes exactly as the session sends them to clients. */
  output: (data: Uint8Array) => void
  /** A run request starts typing (its run id names the step, a retry's too). */
  run: (runId: string) => void
  resize: (cols: number, rows: number) => void
  /** The shell was restarted (the screen starts empty again). */
  restart: () => void
  close: () => Promise<void>
}
