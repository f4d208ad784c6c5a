/**
 * Docker overhead: time for `docker run --rm IMAGE true` through a terminal (request to prompt back;
 * `true` prints nothing, so "first output" is the prompt after it) minus the bare CLI's time for the
 * same command on this machine. Runs are interleaved so the daemon's warm-up hits every subject alike.
 */
import { execa } from 'execa'
import { median, now } from './stats.ts'
import { type BenchSubject, type BenchTerminal, PROMPT_MARKER, waitForText } from './terminal.ts'

export const DOCKER_IMAGE = 'debian:bookworm-slim'
const COMMAND = `docker run --rm ${DOCKER_IMAGE} true`
const REPEATS = 5

/** Why the Docker figure cannot be measured here, or undefined when it can. */
export async function dockerUnavailable(): Promise<string | undefined> {
  try {
    await execa('docker', ['version', '--format', '{{.Server.Version}}'], { timeout: 5000 })
  }
  catch {
    return 'no Docker daemon answers'
  }
  try {
    await execa('docker', ['image', 'inspect', DOCKER_IMAGE], { timeout: 5000 })
  }
  catch {
    return `image ${DOCKER_IMAGE} is not present locally`
  }
  return undefined
}

async function timeThroughTerminal(terminal: BenchTerminal): Promise<number> {
  const start = now()
  if (terminal.runCommand) {
    await terminal.runCommand(COMMAND)
    return now() - start
  }
  const prompt = waitForText(terminal, `${PROMPT_MARKER}0`, 60_000)
  terminal.write(`${COMMAND}\r`)
  return (await prompt) - start
}

/** Overhead in ms per subject name (median of REPEATS) and the bare CLI's median time. */
export async function measureDocker(subjects: BenchSubject[]): Promise<{ bareMs: number; overheadMs: Map<string, number> }> {
  const terminals = await Promise.all(subjects.map(subject => subject.open({ session: 'bench-docker' })))
  const bare: number[] = []
  const through = subjects.map(() => [] as number[])
  try {
    for (let i = 0; i < REPEATS + 1; i++) {
      const start = now()
      await execa('docker', ['run', '--rm', DOCKER_IMAGE, 'true'])
      const bareMs = now() - start
      const times = []
      for (const terminal of terminals)
        times.push(await timeThroughTerminal(terminal))
      if (i === 0)
        continue // warm-up
      bare.push(bareMs)
      times.forEach((time, index) => through[index].push(time))
    }
  }
  finally {
    await Promise.all(terminals.map(terminal => terminal.close()))
  }
  const bareMs = median(bare)
  return { bareMs, overheadMs: new Map(subjects.map((subject, index) => [subject.name, median(through[index]) - bareMs])) }
}
