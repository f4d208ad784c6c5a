import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, test } from 'vitest'
import { DemoPathError, resolveDemoFolder } from './demo-paths.ts'

describe('resolveDemoFolder', () => {
  let base: string
  let root: string
  beforeAll(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'demo-paths-'))
    root = path.join(base, 'demos')
    await mkdir(path.join(root, 'run-basics'), { recursive: true })
    await mkdir(path.join(root, 'compose', 'web'), { recursive: true })
    await mkdir(path.join(base, 'secret'))
    await writeFile(path.join(root, 'notes.txt'), 'not a folder')
    await symlink(path.join(base, 'secret'), path.join(root, 'escape'))
    await symlink('/', path.join(root, 'rootfs'))
    await symlink(path.join(root, 'run-basics'), path.join(root, 'alias'))
  })
  afterAll(() => rm(base, { recursive: true, force: true }))

  const rejectsWith = (demo: string, code: string) =>
    assert.rejects(resolveDemoFolder(root, demo), (error: unknown) => error instanceof DemoPathError && error.code === code)

  test('resolves a folder of demos/ to its real path', async () => {
    assert.equal(await resolveDemoFolder(root, 'run-basics'), path.join(root, 'run-basics'))
  })

  test('resolves a nested folder', async () => {
    assert.equal(await resolveDemoFolder(root, 'compose/web'), path.join(root, 'compose', 'web'))
  })

  test('refuses .. anywhere in the path', async () => {
    await rejectsWith('..', 'DEMO_ERR_PATH_OUTSIDE_DEMOS')
    await rejectsWith('../secret', 'DEMO_ERR_PATH_OUTSIDE_DEMOS')
    await rejectsWith('run-basics/../../secret', 'DEMO_ERR_PATH_OUTSIDE_DEMOS')
    await rejectsWith('run-basics\\..\\..', 'DEMO_ERR_PATH_OUTSIDE_DEMOS')
  })

  test('refuses absolute paths', async () => {
    await rejectsWith('/etc', 'DEMO_ERR_PATH_OUTSIDE_DEMOS')
    await rejectsWith(path.join(root, 'run-basics'), 'DEMO_ERR_PATH_OUTSIDE_DEMOS')
  })

  test('refuses the root itself and empty names', async () => {
    await rejectsWith('', 'DEMO_ERR_PATH_OUTSIDE_DEMOS')
    await rejectsWith('.', 'DEMO_ERR_PATH_OUTSIDE_DEMOS')
  })

  test('refuses a symlink that leads out of demos/', async () => {
    await rejectsWith('escape', 'DEMO_ERR_PATH_OUTSIDE_DEMOS')
    await rejectsWith('rootfs', 'DEMO_ERR_PATH_OUTSIDE_DEMOS')
    await rejectsWith('rootfs/etc', 'DEMO_ERR_PATH_OUTSIDE_DEMOS')
  })

  test('follows a symlink that stays inside demos/', async () => {
    assert.equal(await resolveDemoFolder(root, 'alias'), path.join(root, 'run-basics'))
  })

  test('reports a folder that does not exist, and a file that is not a folder', async () => {
    await rejectsWith('no-such-demo', 'DEMO_ERR_DEMO_NOT_FOUND')
    await rejectsWith('notes.txt', 'DEMO_ERR_DEMO_NOT_FOUND')
  })

  test('refuses a NUL byte', async () => {
    await rejectsWith('run-basics\0', 'DEMO_ERR_PATH_OUTSIDE_DEMOS')
  })
})
