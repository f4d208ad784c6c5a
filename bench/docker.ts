/**
 * Docker overhead: time for `docker run --rm IMAGE true` through a terminal (request to prompt back;
 * `true` prints nothing, so "first output" is the prompt after it) minus the bare CLI's time for the
 * same command on this machine, paired round by round.
 */
import { execa } from 'execa'
import { median, now } from './stats.ts'
import { type BenchSubject, type BenchTerminal, PROMPT_MARKER, waitForText } from './terminal.ts'

export const DOCKER_IMAGE = 'debian:bookworm-slim'
const COMMAND = `docker run --rm ${DOCKER_IMAGE} true`
const REPEATS = 9

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

async function timeThroughTerminal(terminal: BenchTerminal, useRun: boolean): Promise<number> {
  const start = now()
  if (useRun && terminal.runCommand) {
    await terminal.runCommand(COMMAND)
    return now() - start
  }
  const prompt = waitForText(terminal, `${PROMPT_MARKER}0`, 60_000)
  terminal.write(`${COMMAND}\r`)
  return (await prompt) - start
}

/**
 * Overhead in ms per subject name and the bare CLI's median time. Each round times the bare CLI and
 * every subject in a rotating order; the overhead is the median over rounds of (subject - bare in
 * the same round), which cancels most of the daemon's drift. Our server is timed twice: through a
 * Run request (key "ours") and typed like the others (key "ours-typed").
 */
export async function measureDocker(subjects: BenchSubject[]): Promise<{ bareMs: number; overheadMs: Map<string, number> }> {
  const terminals = await Promise.all(subjects.map(subject => subject.open({ session: 'bench-docker' })))
  const entries = subjects.flatMap((subject, index) => [
    { key: subject.name, terminal: terminals[index], useRun: true },
    ...(terminals[index].runCommand ? [{ key: `${subject.name}-typed`, terminal: terminals[index], useRun: false }] : []),
  ])
  const bare: number[] = []
  const differences = new Map(entries.map(entry => [entry.key, [] as number[]]))
  try {
    for (let i = 0; i < REPEATS + 1; i++) {
      // Rotate who goes first: a run right after another pays for the daemon still removing that container.
      const order = [-1, ...entries.keys()]
      const rotated = [...order.slice(i % order.length), ...order.slice(0, i % order.length)]
      const times = new Map<number, number>()
      for (const who of rotated) {
        const start = now()
        if (who === -1)
          await execa('docker', ['run', '--rm', DOCKER_IMAGE, 'true'])
        times.set(who, who === -1 ? now() - start : await timeThroughTerminal(entries[who].terminal, entries[who].useRun))
      }
      if (i === 0)
        continue // warm-up
      bare.push(times.get(-1)!)
      entries.forEach((entry, index) => differences.get(entry.key)!.push(times.get(index)! - times.get(-1)!))
    }
  }
  finally {
    await Promise.all(terminals.map(terminal => terminal.close()))
  }
  return { bareMs: median(bare), overheadMs: new Map([...differences].map(([key, values]) => [key, median(values)])) }
}
