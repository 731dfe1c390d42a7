// The ends every path method shares (path-ends.ts): samples and start scored for the same unit
// before the walk, the result finished after it with the completeness delta f(x) - f(x') - sum(a).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { openContext } from '../../src/core/explain.ts';
import { finishPath, scorePathEnds } from '../../src/methods/gradient/path-ends.ts';
import { linearModel } from './linear-models.ts';

before(async () => {
  await tf.setBackend('cpu');
});

// f(x) = 2 x0 + 3 x1 + 1, one output: IG from x' = 0 is exactly (2 x0, 3 x1).
const model = linearModel([2], [[2], [3]], [1]);

test('scorePathEnds scores the samples and the start; finishPath reports delta, baselineScores, then extra', async () => {
  const before = tf.memory().numTensors;
  const x = tf.tensor2d([[1, 2], [-1, 4]]);
  const context = openContext(model, x, { target: 0 });
  const start = [tf.zeros([2, 2])];
  try {
    const ends = await scorePathEnds(context, start);
    assert.deepEqual(ends, { scores: [9, 11], units: undefined, baselineScores: [1, 1] });
    const exact = await finishPath(context, ends, [tf.tensor2d([[2, 6], [-2, 12]])], { method: 'integrated-gradients', extra: { steps: 4 } });
    assert.equal(exact.meta.method, 'integrated-gradients');
    assert.equal(exact.meta.wrt, 'input');
    assert.deepEqual(exact.meta.extra?.['delta'], [0, 0]);
    assert.deepEqual(Object.keys(exact.meta.extra ?? {}).slice(-3), ['delta', 'baselineScores', 'steps']);
    const short = await finishPath(context, ends, [tf.tensor2d([[1, 1], [0, 0.5]])], { method: 'x', extra: {} });
    assert.deepEqual(short.meta.extra?.['delta'], [6, 9.5], '9 - 1 - 2 and 11 - 1 - 0.5');
    const noStart = await scorePathEnds(context);
    assert.equal('baselineScores' in noStart, false);
    const plain = await finishPath(context, noStart, [tf.zeros([2, 2])], { method: 'x', extra: {} });
    assert.equal('delta' in (plain.meta.extra ?? {}), false, 'no start, no delta');
  } finally {
    start.forEach((t) => t.dispose());
    x.dispose();
    context.dispose();
  }
  assert.equal(tf.memory().numTensors, before);
});
