/**
 * Runs a demo server for a test in its own process: options come as JSON in DEMO_TEST_OPTIONS, the
 * address goes out as one JSON line on stdout, SIGTERM closes it.
 */
import { startDemoServer } from '../../../server/demo-server.ts'

const server = await startDemoServer({ log: () => {}, ...JSON.parse(process.env.DEMO_TEST_OPTIONS ?? '{}') })
process.stdout.write(`${JSON.stringify({ url: server.url, token: server.token, origin: server.origin, port: server.port })}\n`)
process.on('SIGTERM', async () => {
  await server.close()
  process.exit(0)
})
