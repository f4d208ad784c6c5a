/**
 * Static checks of every demo folder (no Docker needed): the step list parses, the files it relies on
 * exist, no expected pattern could be satisfied by the typed command itself, and everything a demo
 * creates carries a name reset can recognise.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, test } from 'vitest'
import { DEMOS_ROOT, loadAllStepLists } from '../../server/demos/step-list.ts'
import { composeFacts, DEMO_LABEL, dockerfileImages, hasComposeFile, scanDemos, shellWords } from '../../server/docker/demo-scan.ts'

const lists = await loadAllStepLists()
const TALK_DEMOS = ['python-versions', 'run-basics', 'container-filesystem', 'volumes', 'logs', 'env', 'ports', 'postgres',
  'compose', 'first-dockerfile', 'build-cache', 'debug-build', 'flask-numpy', 'model-api', 'model-api-compose']

describe('demo folders', () => {
  test('every demo the talk needs has a steps.yaml that parses, and a README', () => {
    assert.deepEqual(TALK_DEMOS.filter(name => !lists.some(list => list.name === name)), [])
    for (const list of lists)
      assert.ok(existsSync(path.join(DEMOS_ROOT, list.name, 'README.md')), `${list.name}/README.md exists`)
  })

  test('no expected pattern matches the command line that is typed for it', () => {
    // The echo appears after a prompt on the same line, as "root@c0ffee:/# exit".
    for (const list of lists) {
      for (const step of list.steps)
        assert.ok(!new RegExp(step.expect, 'm').test(`prompt $ ${step.command}\n`), `${list.name}:${step.id} would match its own echo`)
    }
  })

  test('every docker build has a Dockerfile and every docker compose step a compose file with its build contexts', () => {
    for (const list of lists) {
      const folder = path.join(DEMOS_ROOT, list.name)
      for (const step of list.steps) {
        if (/docker build\b/.test(step.command)) {
          const words = shellWords(step.command)
          const file = words.includes('-f') ? words[words.indexOf('-f') + 1] : 'Dockerfile'
          assert.ok(existsSync(path.join(folder, file)), `${list.name}:${step.id} needs ${file}`)
        }
        if (/docker compose\b/.test(step.command)) {
          assert.ok(hasComposeFile(folder), `${list.name}:${step.id} needs a compose file`)
          const facts = composeFacts(readFileSync(path.join(folder, 'compose.yaml'), 'utf8'))
          for (const context of facts.builds)
            assert.ok(existsSync(path.join(folder, context, 'Dockerfile')), `${list.name}: build context ${context} has a Dockerfile`)
        }
      }
    }
  })

  test('every file a Dockerfile COPYs exists in its build context', async () => {
    const scan = await scanDemos()
    for (const file of scan.files.filter(name => /Dockerfile$/.test(name))) {
      const context = path.join(DEMOS_ROOT, path.dirname(file))
      for (const line of readFileSync(path.join(DEMOS_ROOT, file), 'utf8').split('\n')) {
        const match = /^\s*COPY\s+(?!--from)(.+)\s+\S+\s*$/.exec(line)
        for (const source of match ? match[1].split(/\s+/) : []) {
          if (source !== '.' && !source.includes('*'))
            assert.ok(existsSync(path.join(context, source)), `${file}: COPY source ${source} exists`)
        }
      }
    }
  })

  test('what the demos create is named so that npm run reset recognises it', async () => {
    for (const list of lists) {
      const folder = path.join(DEMOS_ROOT, list.name)
      for (const step of list.steps) {
        const words = shellWords(step.command)
        for (const flag of ['--name', '-t']) {
          const at = words.indexOf(flag)
          if (at !== -1 && words[0] === 'docker' && (flag === '--name' || words[1] === 'build'))
            assert.match(words[at + 1], flag === '--name' ? /^demo-/ : /^demo\//, `${list.name}:${step.id} ${flag}`)
        }
        const volume = /docker volume create (\S+)/.exec(step.command)
        if (volume)
          assert.match(volume[1], /^demo-/, `${list.name}:${step.id} volume name`)
      }
      if (hasComposeFile(folder))
        assert.match(readFileSync(path.join(folder, 'compose.yaml'), 'utf8'), new RegExp(`^name: demo-${list.name}$`, 'm'))
    }
    const scan = await scanDemos()
    for (const file of scan.files.filter(name => /Dockerfile$/.test(name))) {
      const demo = file.split('/')[0]
      assert.match(readFileSync(path.join(DEMOS_ROOT, file), 'utf8'), new RegExp(`^LABEL ${DEMO_LABEL.replaceAll('.', '\\.')}=${demo}$`, 'm'), `${file} carries the demo label`)
    }
  })

  test('no two demos publish the same host port, and none uses 5000 (the local registry)', async () => {
    const seen = new Map<number, string>()
    for (const list of lists) {
      for (const step of list.steps) {
        for (const match of step.command.matchAll(/-p (?:[\d.]+:)?(\d+):\d+/g)) {
          const port = Number(match[1])
          assert.ok(!seen.has(port) || seen.get(port) === list.name, `port ${port} used by ${seen.get(port)} and ${list.name}`)
          seen.set(port, list.name)
        }
      }
    }
    const scan = await scanDemos()
    assert.ok(!scan.ports.has(5000))
  })

  test('the Dockerfiles start from images a presenter can pull, pinned by tag', async () => {
    const scan = await scanDemos()
    for (const file of scan.files.filter(name => /Dockerfile$/.test(name))) {
      for (const image of dockerfileImages(readFileSync(path.join(DEMOS_ROOT, file), 'utf8')))
        assert.match(image, /^[a-z0-9.\/-]+:[\w.-]+$/, `${file}: FROM ${image} has a tag`)
    }
  })
})
