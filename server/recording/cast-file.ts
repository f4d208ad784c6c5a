/**
 * Putting casts on disk. A finished recording is written atomically (a temp file beside the target,
 * then rename), so a deck never serves half a cast and a failed run leaves the old cast in place.
 * A live talk streams its cast line by line instead, so a crash keeps everything up to that moment.
 */
import { createWriteStream, type WriteStream } from 'node:fs'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'

/** Writes `text` to `file` via `<file>.<pid>.tmp` and rename; never leaves a partial file behind. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`
  try {
    await writeFile(temp, text, { flag: 'wx' })
    await rename(temp, file)
  }
  catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}

/** A line sink appending to `file`; `close()` resolves once everything is on disk. */
export interface CastFileStream {
  readonly file: string
  write: (line: string) => void
  close: () => Promise<void>
}

export function openCastStream(file: string, onError: (error: Error) => void): CastFileStream {
  const stream: WriteStream = createWriteStream(file, { flags: 'wx', encoding: 'utf8' })
  let failed = false
  stream.on('error', (error) => {
    if (!failed) {
      failed = true
      onError(error)
    }
  })
  return {
    file,
    write: (line) => {
      if (!failed && !stream.writableEnded)
        stream.write(`${line}\n`)
    },
    close: () => new Promise((resolve) => {
      if (stream.writableEnded || failed)
        return resolve()
      stream.end(() => resolve())
    }),
  }
}
