/**
 * Confines a shell's working folder to demos/: the slide names a folder, and whatever it names
 * (`..`, an absolute path, a symlink pointing elsewhere) must resolve to a folder inside the root.
 */
import { realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import { ErrorCode } from './protocol.ts'

export class DemoPathError extends Error {
  constructor(
    readonly code: typeof ErrorCode.PathOutsideDemos | typeof ErrorCode.DemoNotFound,
    message: string,
  ) {
    super(message)
    this.name = 'DemoPathError'
  }
}

function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate)
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
}

/** Resolves `demo` (e.g. "run-basics" or "compose/web") to a real folder inside `demosRoot`. */
export async function resolveDemoFolder(demosRoot: string, demo: string): Promise<string> {
  const outside = () => new DemoPathError(ErrorCode.PathOutsideDemos, `demo "${demo}" is not a folder inside demos/`)
  const parts = demo.split(/[\\/]+/)
  if (demo === '' || demo.includes('\0') || path.isAbsolute(demo) || path.win32.isAbsolute(demo) || parts.includes('..'))
    throw outside()
  const realRoot = await realpath(demosRoot)
  const lexical = path.resolve(realRoot, demo)
  if (!isInside(realRoot, lexical))
    throw outside()
  let real: string
  try {
    real = await realpath(lexical)
  }
  catch {
    throw new DemoPathError(ErrorCode.DemoNotFound, `demo folder "${demo}" does not exist in demos/`)
  }
  // A symlink inside demos/ may point anywhere; judge where it really leads.
  if (!isInside(realRoot, real))
    throw outside()
  if (!(await stat(real)).isDirectory())
    throw new DemoPathError(ErrorCode.DemoNotFound, `demo "${demo}" is not a folder`)
  return real
}
