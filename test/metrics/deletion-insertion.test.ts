// Deletion and insertion (Petsiuk et al. 2018) on a linear model with its exact attribution w * x:
// removing features in order of decreasing w_i x_i leaves f(x) minus the removed contributions, so
// every point of both curves and both areas are known in closed form.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { evaluate, ndarray } from '../../src/index.ts';
import { functionModel } from '../../src/core/function-model.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';
import { linearModel } from './models.ts';

before(useCpu);

const W = [2, -1, 0.5, 3];
const X = [[1, 2, 4, -1], [0.5, 0.5, 1, 1]];

/** The contributions w_i x_i of sample s, and f(x) = their sum. */
const contributions = (s: number): number[] => W.map((w, i) => w * (X[s] as number[])[i]!);

test('deletion on a linear model with attribution w*x: y_k = f(x) - (sum of the k largest contributions)', async () => {
  const model = linearModel(W);
  const input = ndarray(X.flat(), [2, 4]);
  const map = ndarray(X.flatMap((_, s) => contributions(s)), [2, 4]);
  const before = tf.memory().numTensors;
  const result = await evaluate(model, input, map, 'deletion', { target: 0, steps: 4 });
  assert.equal(tf.memory().numTensors, before, 'leaked tensors');
  assert.equal(result.higherIsBetter, false);
  for (let s = 0; s < 2; s++) {
    const c = contributions(s).sort((a, b) => b - a);
    const total = c.reduce((a, b) => a + b, 0);
    const expected = [total, total - c[0]!, total - c[0]! - c[1]!, c[3]!, 0];
    assertClose(result.curves![s]!.y, expected, { atol: 1e-5 });
    assert.deepEqual(result.curves![s]!.x, [0, 0.25, 0.5, 0.75, 1]);
    const area = expected.slice(1).reduce((a, y, k) => a + (y + expected[k]!) / 8, 0);
    assertClose([result.scores[s]!], [area], { atol: 1e-5 });
  }
  assert.equal(result.meta.evaluations, 5);
  model.dispose();
});

test('insertion from a zero baseline: y_k = sum of the k largest contributions; two steps skip features', async () => {
  const model = linearModel(W);
  const input = ndarray(X[0]!, [1, 4]);
  const map = ndarray(contributions(0), [1, 4]);
  const result = await evaluate(model, input, map, 'insertion', { target: 0, steps: 2, baseline: 0 });
  const c = contributions(0).sort((a, b) => b - a);
  assertClose(result.curves![0]!.y, [0, c[0]! + c[1]!, c.reduce((a, b) => a + b, 0)], { atol: 1e-5 });
  assert.equal(result.higherIsBetter, true);
  model.dispose();
});

test('a reversed map deletes the least relevant features first and scores a higher (worse) deletion AUC', async () => {
  const model = linearModel(W);
  const input = ndarray(X[0]!, [1, 4]);
  const good = await evaluate(model, input, ndarray(contributions(0), [1, 4]), 'deletion', { target: 0 });
  const bad = await evaluate(model, input, ndarray(contributions(0).map((v) => -v), [1, 4]), 'deletion', { target: 0 });
  assert.ok(good.scores[0]! < bad.scores[0]!, `${good.scores[0]} < ${bad.scores[0]}`);
  model.dispose();
});

test('options are checked against the schema with the valid values named', async () => {
  const model = linearModel(W);
  const input = ndarray(X[0]!, [1, 4]);
  const map = ndarray(contributions(0), [1, 4]);
  await assert.rejects(evaluate(model, input, map, 'deletion', { steps: 0 }), /steps: .*from 1 to 100000/);
  await assert.rejects(evaluate(model, input, map, 'deletion', { stride: 2 }), /stride: not an option of 'deletion'; its options are steps, patch, baseline, blurSigma, batchSize/);
  await assert.rejects(evaluate(model, input, map, 'deletion', { baseline: 'grey' }), /baseline: got .*grey.*; expected a finite number, 'mean' or 'blur'/);
  await assert.rejects(evaluate(model, input, map, 'nope'), /'nope' is not a registered metric; metrics are deletion, insertion, /);
  await assert.rejects(evaluate(model, input, ndarray([1, 2, 3], [1, 3]), 'deletion'), /does not fit input samples of shape \[4\]/);
  model.dispose();
});

test('a function model (predictRows) gives the same deletion curve as the TF.js model', async () => {
  const model = linearModel(W);
  const input = ndarray(X.flat(), [2, 4]);
  const map = ndarray(X.flatMap((_, s) => contributions(s)), [2, 4]);
  let calls = 0;
  const fn = functionModel({
    inputShape: [4],
    outputSize: 2,
    maxBatch: 3,
    predict: async ([rows], count) => {
      calls++;
      return Float32Array.from({ length: count * 2 }, (_, i) => (i % 2 === 0 ? W.reduce((a, w, j) => a + w * rows![Math.floor(i / 2) * 4 + j]!, 0) : -1e9));
    },
  });
  const viaTf = await evaluate(model, input, map, 'deletion', { target: 0, steps: 4 });
  const viaFn = await evaluate(fn, input, map, 'deletion', { steps: 4, batchSize: 6 });
  viaTf.curves!.forEach((c, s) => assertClose(viaFn.curves![s]!.y, c.y, { atol: 1e-5 }));
  assert.deepEqual(viaFn.meta.units, [0, 0]);
  assert.equal(calls, 1 + 4, 'one call for the originals, then 10 rows in chunks of 6, each split at maxBatch 3');
  model.dispose();
});
