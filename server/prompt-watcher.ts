/**
 * Reads a shell's output for the invisible markers our bashrc prints around each prompt
 * (server/shell/prompt-marker.ts) and hands the readable text of a running command, escape sequences
 * removed, to whoever watches it.
 */
import { MARKER_START, shellMarkerPattern } from './shell/prompt-marker.ts'

const MARKERS = shellMarkerPattern()
// CSI, OSC (BEL or ST terminated), two-character escapes, charset selection; then carriage returns.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\^_]|\x1b[()*+][0-9A-Za-z]|\x1b[78=>]|\r/g
/** Text kept for matching `expect`; older output is dropped. */
const MAX_WATCHED_CHARS = 256 * 1024

export type CommandWatcher = (text: string, exitCode: number | undefined) => void

export class PromptWatcher {
  /** True once the prompt is drawn after a command finished, until the next command is started. */
  atPrompt = false
  /** A command finished and its prompt is not drawn yet: readline does not read the keyboard yet. */
  private promptPending = false
  private decoder = new TextDecoder()
  private carry = ''
  private watcher: { callback: CommandWatcher; text: string } | undefined
  private promptWaiters: Array<() => void> = []
  /** When output last arrived, for telling a quiet program (e.g. a shell inside a container) from a busy one. */
  private lastOutputAt = Date.now()
  /** Whether the shell has printed its first prompt: until then it is starting, not quietly waiting. */
  private shellStarted = false
  /** Readable text after the last newline: a program that waits for input leaves its prompt there. */
  private lineTail = ''

  feed(data: Uint8Array): void {
    this.lastOutputAt = Date.now()
    let text = this.carry + this.decoder.decode(data, { stream: true })
    this.carry = ''
    // Hold back an escape sequence cut in two by the chunk boundary.
    const lastEscape = text.lastIndexOf('\x1b')
    if (lastEscape !== -1 && text.length - lastEscape < 512 && !/^\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\^_]|[()*+][0-9A-Za-z]|[78=>])/.test(text.slice(lastEscape))) {
      this.carry = text.slice(lastEscape)
      text = text.slice(0, lastEscape)
    }
    // A flood has no marker: one native search spares it two passes of the pattern.
    if (!text.includes(MARKER_START)) {
      this.trackLine(text)
      this.addText(text)
      return
    }
    this.trackLine(text.replace(MARKERS, ''))
    let start = 0
    for (const match of text.matchAll(MARKERS)) {
      this.addText(text.slice(start, match.index))
      start = match.index! + match[0].length
      if (match[1] === undefined)
        this.promptDrawn()
      else
        this.commandFinished(match[1] === '' ? undefined : Number(match[1]))
    }
    this.addText(text.slice(start))
  }

  /**
   * Resolves at the next prompt, at once if the shell is at one; or, once our shell has started, when the
   * output has been quiet for `quietMs` with text after the last newline (a shell inside a container,
   * psql or any other program prints no marker of ours but leaves its prompt on the line, and a presenter
   * must not wait on every click there; a host command still busy after printing a whole line, like
   * `docker run -d` after the container id, is not waiting for input); or after `timeoutMs` regardless.
   */
  waitForPrompt(timeoutMs: number, quietMs = Number.POSITIVE_INFINITY): Promise<void> {
    if (this.atPrompt)
      return Promise.resolve()
    return new Promise((resolve) => {
      const startedAt = Date.now()
      const poll = setInterval(() => {
        const now = Date.now()
        if ((this.shellStarted && now - this.lastOutputAt >= quietMs && this.lineTail.trim() !== '') || now - startedAt >= timeoutMs)
          done()
      }, Math.min(100, timeoutMs))
      const done = () => {
        clearInterval(poll)
        // Drop this waiter when it ends by quiet or timeout, so a long stay inside a container's shell
        // (no prompt of ours comes back) does not pile them up.
        this.promptWaiters = this.promptWaiters.filter(waiter => waiter !== done)
        resolve()
      }
      this.promptWaiters.push(done)
    })
  }

  /** Someone pressed Enter at the prompt: the shell is busy until the next marker. */
  commandStarted(): void {
    this.atPrompt = false
    this.promptPending = false
  }

  /** Watches the output of the command about to start; returns a function that stops watching. */
  watchCommand(callback: CommandWatcher): () => void {
    const watcher = { callback, text: '' }
    this.watcher = watcher
    this.atPrompt = false
    this.promptPending = false
    return () => {
      if (this.watcher === watcher)
        this.watcher = undefined
    }
  }

  reset(): void {
    this.atPrompt = false
    this.promptPending = false
    this.shellStarted = false
    this.decoder = new TextDecoder()
    this.carry = ''
    this.lineTail = ''
    this.watcher = undefined
  }

  private trackLine(raw: string): void {
    // Only what follows the last newline counts; stripping escapes from the rest would be wasted.
    const newline = raw.lastIndexOf('\n')
    const text = (newline === -1 ? raw : raw.slice(newline + 1)).replace(ESCAPES, '')
    this.lineTail = (newline === -1 ? this.lineTail + text : text).slice(-200)
  }

  private addText(raw: string): void {
    const watcher = this.watcher
    if (!watcher || raw === '')
      return
    watcher.text = (watcher.text + raw.replace(ESCAPES, '')).slice(-MAX_WATCHED_CHARS)
    watcher.callback(watcher.text, undefined)
  }

  private commandFinished(exitCode: number | undefined): void {
    this.shellStarted = true
    this.promptPending = true
    const watcher = this.watcher
    this.watcher = undefined
    watcher?.callback(watcher.text, exitCode ?? -1)
  }

  /** Readline redraws the prompt (and its marker) on a resize or Ctrl-L too; only the first drawing
   * after a finished command means the shell has just become ready. */
  private promptDrawn(): void {
    if (!this.promptPending)
      return
    this.promptPending = false
    this.atPrompt = true
    for (const resolve of this.promptWaiters.splice(0))
      resolve()
  }
}
