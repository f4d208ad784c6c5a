/** Output throughput: `cat` of a 100 MB file, from the pty to the client, in MB/s (1 MB = 10^6 bytes). */
import { createWriteStream, existsSync, statSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { now } from './stats.ts'
import { type BenchSubject, waitForText } from './terminal.ts'

export const CAT_BYTES = 100_000_000
const TMP = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '.tmp')
const FILE = path.join(TMP, 'cat-100mb.txt')
const DONE = '__BENCH_CAT_DONE__'

/** 100 MB of 80-column text lines, like a long build log (made once, kept in bench/.tmp/). */
export async function ensureCatFile(): Promise<string> {
  if (existsSync(FILE) && statSync(FILE).size === CAT_BYTES)
    return FILE
  await mkdir(TMP, { recursive: true })
  const line = 'Step 4/9 : RUN pip install --no-cache-dir -r requirements.txt  ---> Running in 0a1b2c\n'.slice(0, 79)
  const block = Buffer.from(`${line}\n`.repeat(12_500)) // 1,000,000 bytes
  const out = createWriteStream(FILE)
  for (let written = 0; written < CAT_BYTES; written += block.length) {
    if (!out.write(block))
      await new Promise<void>(resolve => out.once('drain', () => resolve()))
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())))
  return FILE
}

export async function measureThroughput(subject: BenchSubject): Promise<number> {
  const file = await ensureCatFile()
  const terminal = await subject.open({ session: 'bench-cat' })
  try {
    const done = waitForText(terminal, DONE, 180_000)
    const start = now()
    // The quotes keep the typed command's echo from matching the marker.
    terminal.write(`cat ${file}; echo __BENCH_CAT_""DONE__\r`)
    const end = await done
    return CAT_BYTES / 1e6 / ((end - start) / 1000)
  }
  finally {
    await terminal.close()
  }
}
