// Faithfulness correlation, monotonicity and ROAD against closed forms: on a linear model the exact
// attribution w * x predicts every score drop, so its correlation is 1; ROAD's linear imputation
// reproduces a linear ramp exactly.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { evaluate, ndarray } from '../../src/index.ts';
import { imputeNoisyLinear } from '../../src/metrics/faithfulness/noisy-imputation.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';
import { linearModel } from './models.ts';

before(useCpu);

const W = [2, -1, 0.5, 3, 1, -2, 0.25, 1.5];
const X = [1, 2, 4, -1, 0.5, 1, 2, 3];
const exact = W.map((w, i) => w * X[i]!);

test('faithfulness correlation: 1 for the exact attribution w*x of a linear model, -1 for its negation', async () => {
  const model = linearModel(W);
  const input = ndarray(X, [1, 8]);
  const options = { target: 0, runs: 20, subsetSize: 3, seed: 7 };
  const good = await evaluate(model, input, ndarray(exact, [1, 8]), 'faithfulness-correlation', options);
  const bad = await evaluate(model, input, ndarray(exact.map((v) => -v), [1, 8]), 'faithfulness-correlation', options);
  assertClose([good.scores[0]!, bad.scores[0]!], [1, -1], { atol: 1e-5 });
  assert.equal(good.meta.evaluations, 20);
  model.dispose();
});

test('monotonicity: 1 when every contribution is positive, 0 when adding a feature lowers the score', async () => {
  const model = linearModel(W);
  const positive = ndarray(W.map((w) => Math.sign(w)), [1, 8]);
  const allUp = await evaluate(model, positive, ndarray(W.map(Math.abs), [1, 8]), 'monotonicity', { target: 0 });
  assert.deepEqual(allUp.scores, [1]);
  assertClose(allUp.curves![0]!.y, [...W.map(Math.abs)].sort((a, b) => a - b).map((_, k, s) => s.slice(0, k + 1).reduce((a, b) => a + b, 0)), { atol: 1e-5 });
  const mixed = await evaluate(model, ndarray(X, [1, 8]), ndarray(exact, [1, 8]), 'monotonicity', { target: 0 });
  assert.deepEqual(mixed.scores, [0]);
  model.dispose();
});

test('noisy linear imputation reproduces a linear ramp exactly without noise, and adds the noise given', () => {
  const [h, w] = [6, 7];
  const ramp = Float32Array.from({ length: h * w }, (_, p) => 0.3 * Math.floor(p / w) - 0.2 * (p % w) + 1);
  const removed = [8, 9, 10, 15, 16, 17, 24, 30, 33];
  const image = Float32Array.from(ramp);
  removed.forEach((p) => (image[p] = 99));
  imputeNoisyLinear(image, h, w, 1, removed, new Float32Array(removed.length).fill(1), 0);
  assertClose(image, ramp, { atol: 1e-5 });
  imputeNoisyLinear(image, h, w, 1, [16], Float32Array.of(2), 0.01);
  assertClose([image[16]!], [ramp[16]! + 0.02], { atol: 1e-5 });
});

test('ROAD: removing the most relevant pixels of a spiky input lowers the score more than removing the least; seeded noise repeats', async () => {
  const model = linearModel(W.map(Math.abs));
  const spiky = [3, 0, 2, 0.5, 4, 0, 1, 0.2];
  const input = ndarray(spiky, [1, 8]);
  const relevance = spiky.map((x, i) => x * Math.abs(W[i]!));
  const good = await evaluate(model, input, ndarray(relevance, [1, 8]), 'road', { target: 0, steps: 3, noise: 0 });
  const bad = await evaluate(model, input, ndarray(relevance.map((v) => -v), [1, 8]), 'road', { target: 0, steps: 3, noise: 0 });
  assert.deepEqual(good.curves![0]!.x, [0.25, 0.5, 0.75]);
  assert.ok(good.scores[0]! < bad.scores[0]!, `${good.scores[0]} < ${bad.scores[0]}`);
  const noisy = await evaluate(model, input, ndarray(relevance, [1, 8]), 'road', { target: 0, steps: 3, seed: 3 });
  const again = await evaluate(model, input, ndarray(relevance, [1, 8]), 'road', { target: 0, steps: 3, seed: 3 });
  assert.deepEqual(noisy.scores, again.scores);
  model.dispose();
});

test('completeness: Integrated Gradients on a linear model closes the gap; the plain gradient does not', async () => {
  const model = linearModel(W);
  const input = ndarray(X, [1, 8]);
  const before = tf.memory().numTensors;
  const ig = await evaluate(model, input, { explainer: { method: 'integrated-gradients', options: { steps: 4 } } }, 'completeness', { target: 0 });
  assert.equal(tf.memory().numTensors, before);
  assertClose(ig.scores, [0], { atol: 1e-4 });
  assert.equal(ig.meta.method, 'integrated-gradients');
  const gradient = await evaluate(model, input, ndarray(W, [1, 8]), 'completeness', { target: 0 });
  const f = exact.reduce((a, b) => a + b, 0);
  assertClose(gradient.scores, [Math.abs(W.reduce((a, b) => a + b, 0) - f)], { atol: 1e-4 });
  model.dispose();
});

test('non-sensitivity: the gradient w gives relevance to pixels already at the baseline, whose removal changes nothing', async () => {
  const model = linearModel([2, 0, 1, -1]);
  const input = ndarray([1, 5, 0, 0], [1, 4]);
  // Saliency map w = [2, 0, 1, -1]: pixel 0 relevant and changes the score (fine), pixel 1 irrelevant and
  // w = 0 changes nothing (fine), pixels 2 and 3 relevant but x = 0 so removal changes nothing: 2 violations.
  const saliency = await evaluate(model, input, ndarray([2, 0, 1, -1], [1, 4]), 'non-sensitivity', { target: 0 });
  assert.deepEqual(saliency.scores, [2]);
  const exactMap = await evaluate(model, input, ndarray([2, 0, 0, 0], [1, 4]), 'non-sensitivity', { target: 0 });
  assert.deepEqual(exactMap.scores, [0]);
  model.dispose();
});
