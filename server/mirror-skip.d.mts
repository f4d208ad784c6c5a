/** Types for mirror-skip.mjs (plain JavaScript, loaded by the mirror worker). */
export declare function scanPlainRuns(bytes: Uint8Array): { firstEnd: number; lastStart: number }
export declare function plainRunEnd(bytes: Uint8Array): number
export declare function planSkip(bytes: Uint8Array, rows: number, scrollback: number, plainEnd?: number): { cut: number; prefix: Uint8Array } | undefined
