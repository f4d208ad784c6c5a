/**
 * Worker-thread half of ScreenMirror (screen-mirror.ts): parses every session's output with
 * @xterm/headless off the main thread (parsing is the slowest step of the pipeline; on another core
 * it no longer holds up the pty and the sockets) and answers snapshot requests in stream order.
 * One worker serves all sessions; each message names its screen by `screen` id.
 *
 * Plain JavaScript on purpose: a worker does not inherit the TypeScript loader when the server is
 * started through the `tsx` command, so a .ts worker would fail to load there.
 * Messages: see MirrorRequest and MirrorReply in screen-mirror.ts.
 */
import { parentPort } from 'node:worker_threads'
import serializeModule from '@xterm/addon-serialize'
import headlessModule from '@xterm/headless'

const { Terminal } = headlessModule
const { SerializeAddon } = serializeModule

/** screen id -> { terminal, serializer, scrollback } */
const screens = new Map()

parentPort.on('message', (request) => {
  const { screen: id, generation } = request
  const screen = screens.get(id)
  switch (request.type) {
    case 'reset': {
      screen?.terminal.dispose()
      const terminal = new Terminal({ cols: request.cols, rows: request.rows, scrollback: request.scrollback, allowProposedApi: true })
      const serializer = new SerializeAddon()
      terminal.loadAddon(serializer)
      screens.set(id, { terminal, serializer, scrollback: request.scrollback })
      break
    }
    case 'dispose':
      screen?.terminal.dispose()
      screens.delete(id)
      break
    case 'write': {
      const bytes = request.data.length
      screen?.terminal.write(request.data, () => parentPort.postMessage({ type: 'written', screen: id, generation, bytes }))
      break
    }
    case 'resize':
      screen?.terminal.resize(request.cols, request.rows)
      break
    case 'snapshot':
      // xterm runs write callbacks in order, between slices of parsing: this is the screen after
      // every byte written before the request and none written after it.
      screen?.terminal.write('', () => parentPort.postMessage({ type: 'snapshot', screen: id, generation, id: request.id,
        text: screen.serializer.serialize({ scrollback: screen.scrollback }) }))
      break
  }
})
