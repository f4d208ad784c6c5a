/**
 * What a docker command line names, read from its words: the pure part of the demo scan, with no
 * node: imports, so the deck reads the step lists with the same rules as the presenter tools.
 */

/** Splits a command line into words, honouring single and double quotes (enough for our step lists). */
export function shellWords(command: string): string[] {
  const words: string[] = []
  for (const match of command.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g))
    words.push(match[1] ?? match[2] ?? match[3])
  return words
}

/** Options of docker run/create that take a value as the next word. */
const RUN_OPTIONS_WITH_VALUE = new Set(['-e', '--env', '--env-file', '-v', '--volume', '-p', '--publish', '--name',
  '-w', '--workdir', '-u', '--user', '--label', '-l', '--entrypoint', '--network', '--net', '--mount', '--restart',
  '--platform', '-h', '--hostname', '--cpus', '-m', '--memory', '--stop-signal', '--stop-timeout', '--health-cmd',
  '--add-host', '--dns', '--ulimit', '--pull', '--tmpfs', '--device', '--cidfile', '--log-driver', '--log-opt'])

export const IMAGE_REF = /^[a-z0-9][a-z0-9._\/-]*(:[A-Za-z0-9._-]+)?(@sha256:[0-9a-f]{64})?$/

/**
 * Images a single command line runs, pulls or tags from, host ports it publishes, and the tags it
 * gives images it builds or tags (`docker build -t`, the target of `docker tag`).
 */
export function scanCommand(command: string): { images: string[]; ports: number[]; tags: string[] } {
  const images: string[] = []
  const ports: number[] = []
  const tags: string[] = []
  for (const segment of command.split(/&&|\|\||;|\|/)) {
    const words = shellWords(segment.trim())
    const at = words.indexOf('docker')
    if (at === -1)
      continue
    const [verb, ...rest] = words.slice(at + 1)
    if (verb === 'pull' || verb === 'tag') {
      const refs = rest.filter(word => !word.startsWith('-'))
      if (refs[0] && IMAGE_REF.test(refs[0]))
        images.push(refs[0])
      if (verb === 'tag' && refs[1] && IMAGE_REF.test(refs[1]))
        tags.push(refs[1])
    }
    if (verb === 'build') {
      for (let i = 0; i < rest.length; i++) {
        if ((rest[i] === '-t' || rest[i] === '--tag') && IMAGE_REF.test(rest[i + 1] ?? ''))
          tags.push(rest[i + 1])
      }
    }
    if (verb === 'run' || verb === 'create') {
      for (let i = 0; i < rest.length; i++) {
        const word = rest[i]
        if (word === '-p' || word === '--publish') {
          const host = hostPort(rest[i + 1] ?? '')
          if (host)
            ports.push(host)
        }
        if (RUN_OPTIONS_WITH_VALUE.has(word)) {
          i++
          continue
        }
        if (word.startsWith('-'))
          continue
        if (IMAGE_REF.test(word))
          images.push(word)
        break
      }
    }
  }
  return { images, ports, tags }
}

/** The host port of a -p / ports: value ("8081:8000", "127.0.0.1:8081:8000"); none for "8000". */
export function hostPort(spec: string): number | undefined {
  const parts = spec.replace(/\/(tcp|udp)$/, '').split(':')
  if (parts.length < 2)
    return undefined
  const port = Number(parts[parts.length - 2])
  return Number.isInteger(port) && port > 0 ? port : undefined
}
