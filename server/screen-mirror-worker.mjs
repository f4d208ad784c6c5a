/**
 * Worker-thread half of ScreenMirror (screen-mirror.ts): keeps every session's screen
 * (mirror-screen.mjs) off the main thread, so parsing never holds up the pty and the sockets, and
 * answers snapshot requests in stream order. One worker serves all sessions; each message names its
 * screen by `screen` id.
 *
 * Plain JavaScript on purpose: a worker does not inherit the TypeScript loader when the server is
 * started through the `tsx` command, so a .ts worker would fail to load there.
 * Messages: see MirrorRequest and MirrorReply in screen-mirror.ts.
 */
import { parentPort } from 'node:worker_threads'
import { MirrorScreen } from './mirror-screen.mjs'

/** screen id -> MirrorScreen */
const screens = new Map()

parentPort.on('message', (request) => {
  const { screen: id, generation } = request
  const screen = screens.get(id)
  switch (request.type) {
    case 'reset':
      screen?.dispose()
      screens.set(id, new MirrorScreen({ cols: request.cols, rows: request.rows, scrollback: request.scrollback,
        onParsed: bytes => parentPort.postMessage({ type: 'written', screen: id, generation, bytes }) }))
      break
    case 'dispose':
      screen?.dispose()
      screens.delete(id)
      break
    case 'write':
      screen?.write(request.data)
      break
    case 'resize':
      screen?.resize(request.cols, request.rows)
      break
    case 'snapshot':
      screen?.snapshot(text => parentPort.postMessage({ type: 'snapshot', screen: id, generation, id: request.id, text }))
      break
  }
})
