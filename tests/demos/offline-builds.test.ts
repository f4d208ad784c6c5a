/**
 * A venue without internet, against the real engine: after the preparation `npm run images` does
 * online, the demos' builds that install packages must need no network on stage.
 */
import assert from 'node:assert/strict'
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { execa } from 'execa'
import { afterAll, describe, test } from 'vitest'
import { runDoctor } from '../../server/docker/doctor.ts'
import { findNetworkBuilds, prepareBuild, probeOfflineBuild } from '../../server/docker/offline-builds.ts'
import { DEMOS_ROOT } from '../../server/demos/step-list.ts'
import { dockerAvailability, skipUnless } from '../support/requirements.ts'

const skip = skipUnless(await dockerAvailability(), 'REQUIRE_DOCKER')
const builds = await findNetworkBuilds()
const temporary: string[] = []
const scratchDir = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'offline-builds-'))
  temporary.push(dir)
  return dir
}
afterAll(async () => {
  await Promise.all(temporary.map(dir => rm(dir, { recursive: true, force: true })))
})

// A wheel the base image has never seen, made inside the image so the test needs no Python of its own.
const MAKE_WHEEL = `
import zipfile
name = 'demo_offline_probe-1.0'
files = {'demo_offline_probe.py': 'ANSWER = "installed from wheels/"\\n',
         name + '.dist-info/METADATA': 'Metadata-Version: 2.1\\nName: demo-offline-probe\\nVersion: 1.0\\n',
         name + '.dist-info/WHEEL': 'Wheel-Version: 1.0\\nGenerator: hand\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n'}
files[name + '.dist-info/RECORD'] = ''.join(f + ',,\\n' for f in files) + name + '.dist-info/RECORD,,\\n'
with zipfile.ZipFile('/out/' + name + '-py3-none-any.whl', 'w') as wheel:
    for path, text in files.items():
        wheel.writestr(path, text)
`

describe('demo builds at a venue without internet', () => {
  test('finds the five demos whose builds pip install, and build-cache as the one built fresh', () => {
    const byDemo = new Map(builds.map(build => [build.demo, build]))
    for (const demo of ['compose', 'flask-numpy', 'build-cache', 'model-api', 'model-api-compose'])
      assert.match(byDemo.get(demo)?.networkStep ?? '', /pip install/, `${demo} is found`)
    assert.deepEqual(builds.filter(build => build.fresh).map(build => build.demo), ['build-cache'])
  })

  test.skipIf(skip)('after the preparation, every build the stage repeats runs no RUN step, so it reaches for no network', async () => {
    for (const build of builds.filter(candidate => !candidate.fresh)) {
      const prepared = await prepareBuild(build)
      assert.ok(prepared.ok, `${build.demo} is prepared: ${prepared.detail}`)
      const offline = await probeOfflineBuild(build)
      assert.ok(offline.ok, `${build.demo}: ${offline.detail}`)
      assert.deepEqual(offline.ran, [], `${build.demo}: every RUN step comes from the cache`)
    }
  }, 30 * 60_000)

  test.skipIf(skip)('build-cache\'s first build runs every step, pip install included, with --network none', async () => {
    const outcome = await probeOfflineBuild(builds.find(build => build.demo === 'build-cache')!)
    assert.ok(outcome.ok, outcome.detail)
    assert.match(outcome.ran.join('\n'), /pip install --no-cache-dir --no-index --find-links \/wheels/)
  }, 5 * 60_000)

  test.skipIf(skip)('build-cache\'s Dockerfile installs a package the base image lacks from wheels/ with --network none', async () => {
    const context = await scratchDir()
    await mkdir(path.join(context, 'wheels'))
    await mkdir(path.join(context, 'src'))
    await copyFile(path.join(DEMOS_ROOT, 'build-cache', 'Dockerfile'), path.join(context, 'Dockerfile'))
    await writeFile(path.join(context, 'requirements.txt'), 'demo-offline-probe==1.0\n')
    await writeFile(path.join(context, 'src', 'app.py'), 'import demo_offline_probe\nprint(demo_offline_probe.ANSWER)\n')
    await execa('docker', ['run', '--rm', '--network', 'none', '-v', `${path.join(context, 'wheels')}:/out`,
      'python:3.11-slim', 'python', '-c', MAKE_WHEEL])
    const tag = `demo/offline-probe:${process.pid}`
    try {
      const build = await execa('docker', ['build', '--network', 'none', '--no-cache', '--progress', 'plain', '-t', tag, context],
        { reject: false, all: true })
      assert.equal(build.exitCode, 0, String(build.all).slice(-2000))
      assert.match(String(build.all), /Successfully installed demo-offline-probe-1\.0/)
      const run = await execa('docker', ['run', '--rm', '--network', 'none', tag], { reject: false })
      assert.equal(run.stdout, 'installed from wheels/')
    }
    finally {
      await execa('docker', ['image', 'rm', '-f', tag], { reject: false })
    }
  }, 5 * 60_000)

  test.skipIf(skip)('the doctor warns, naming the demo and the fix, when a build would still need the network', async () => {
    const root = await scratchDir()
    const demo = path.join(root, 'needs-pypi')
    await mkdir(demo)
    await writeFile(path.join(demo, 'steps.yaml'), 'title: A build that needs PyPI\nsteps:\n'
      + '  - id: build\n    command: docker build -t demo/needs-pypi:1 .\n    expect: naming to\n    timeout: 60\ncleanup: []\n')
    // The unique name keeps the step out of any build cache, so it really has to run.
    await writeFile(path.join(demo, 'Dockerfile'), `FROM python:3.11-slim\n`
      + `RUN pip install --retries 0 --no-cache-dir demo-never-published-${process.pid}-${Date.now()}\n`)
    const report = await runDoctor({ demosRoot: root })
    const check = report.checks.find(candidate => candidate.id === 'offline')!
    assert.equal(check.status, 'warn')
    assert.match(check.detail, /^needs-pypi\/Dockerfile: would need the network: RUN pip install .*npm run images/)
    assert.deepEqual(check.items?.map(item => item.split(':')[0]), ['needs-pypi/Dockerfile'])
  }, 5 * 60_000)
})
