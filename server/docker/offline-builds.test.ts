import assert from 'node:assert/strict'
import { test } from 'vitest'
import { runSteps, stepsThatRan } from './offline-builds.ts'

test('reads RUN instructions with their continuation lines joined', () => {
  assert.deepEqual(runSteps('FROM python:3.11-slim\nRUN --mount=type=bind,source=wheels,target=/wheels \\\n    pip install -r requirements.txt\nCOPY . .\nrun echo hi\n'),
    ['RUN --mount=type=bind,source=wheels,target=/wheels pip install -r requirements.txt', 'run echo hi'])
})

test('names the RUN steps a plain build log shows running, not the CACHED ones', () => {
  const log = ['#6 [2/5] RUN pip install --no-cache-dir -r requirements.txt', '#6 CACHED', '',
    '#8 [4/5] RUN python train.py', '#8 0.512 trained', '#8 DONE 0.6s', '#9 [5/5] COPY api.py .', '#9 DONE 0.0s'].join('\n')
  assert.deepEqual(stepsThatRan(log), ['RUN python train.py'])
})
