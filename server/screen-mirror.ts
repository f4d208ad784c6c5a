/**
 * The server's copy of a session's screen and scrollback (@xterm/headless), so a client that
 * attaches late, or falls behind, first gets exactly what the others see, then the live stream.
 */
import serializeModule from '@xterm/addon-serialize'
import headlessModule from '@xterm/headless'
import type { TerminalSize } from './protocol.ts'

// Both packages ship CommonJS as their Node entry; named ESM imports of them fail at run time.
const { Terminal } = headlessModule
const { SerializeAddon } = serializeModule

export class ScreenMirror {
  private terminal: InstanceType<typeof Terminal>
  private serializer: InstanceType<typeof SerializeAddon>
  /** Bytes written but not yet parsed: xterm parses asynchronously, in slices. */
  private pending = 0
  /** Bumped by reset(), so callbacks of a discarded terminal do nothing. */
  private generation = 0

  constructor(size: TerminalSize, private readonly scrollback: number, private readonly onDrained: () => void) {
    this.terminal = new Terminal({ ...size, scrollback, allowProposedApi: true })
    this.serializer = new SerializeAddon()
    this.terminal.loadAddon(this.serializer as never)
  }

  /** Bytes the mirror still has to parse; the session pauses the pty when this grows large. */
  get backlog(): number {
    return this.pending
  }

  write(data: Uint8Array): void {
    const generation = this.generation
    this.pending += data.length
    this.terminal.write(data, () => {
      if (generation !== this.generation)
        return
      this.pending -= data.length
      if (this.pending === 0)
        this.onDrained()
    })
  }

  resize(size: TerminalSize): void {
    this.terminal.resize(size.cols, size.rows)
  }

  /**
   * Calls `onSnapshot` with the serialized screen as it stands after every byte written so far and
   * none written later: xterm runs write callbacks in order, between slices of parsing.
   */
  snapshot(onSnapshot: (screen: string) => void): void {
    const generation = this.generation
    this.terminal.write('', () => {
      if (generation === this.generation)
        onSnapshot(this.serializer.serialize({ scrollback: this.scrollback }))
    })
  }

  /** Forgets the screen (for a restarted shell). */
  reset(size: TerminalSize): void {
    this.dispose()
    this.generation++
    this.pending = 0
    this.terminal = new Terminal({ ...size, scrollback: this.scrollback, allowProposedApi: true })
    this.serializer = new SerializeAddon()
    this.terminal.loadAddon(this.serializer as never)
  }

  dispose(): void {
    this.terminal.dispose()
  }
}
