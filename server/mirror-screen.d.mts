/** Types for mirror-screen.mjs (plain JavaScript, loaded by the mirror worker). */
export declare const GATHER_BYTES: number
export declare const GATHER_IDLE_MS: number

export interface MirrorScreenOptions {
  cols: number
  rows: number
  scrollback: number
  /** Output gathered before it is parsed (sooner for a snapshot, a resize or a pause). @default GATHER_BYTES */
  gatherBytes?: number
  /** Leave unparsed what can only scroll out. @default true */
  skip?: boolean
  /** Gets the count of written bytes the screen has taken in, parsed or skipped. */
  onParsed?: (bytes: number) => void
}

export declare class MirrorScreen {
  constructor(options: MirrorScreenOptions)
  /** Bytes left unparsed so far (they could only have scrolled out). */
  readonly skippedBytes: number
  write(data: Uint8Array): void
  resize(cols: number, rows: number): void
  /** Calls `onSnapshot` with the screen after every byte written before it and none after. */
  snapshot(onSnapshot: (screen: string) => void): void
  dispose(): void
}
