/**
 * Setup file for every test file: takes back the variables vitest puts in its workers' environment,
 * so the processes the tests start (the demo server, Slidev, Vite, docker) see the environment they
 * get from a shell. With NODE_ENV set to anything but production, Vite builds the deck in
 * development mode; under TEST or NODE_ENV=test, consola (Slidev's logger) drops its info lines.
 */
const VITEST_VARIABLES = ['TEST', 'VITEST', 'VITEST_MODE', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'FORCE_TTY',
  'MODE', 'DEV', 'PROD', 'SSR', 'BASE_URL']

for (const name of VITEST_VARIABLES)
  delete process.env[name]
// vitest sets NODE_ENV=test only where it was not set; one set by hand is kept.
if (process.env.NODE_ENV === 'test')
  delete process.env.NODE_ENV
