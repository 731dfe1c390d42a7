// RISE: the exact estimator over its own masks, agreement with the analytic attribution of a linear
// model, seeded determinism, and the mask sampling (linear, half-pixel centres, mirrored edges).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { rise, riseMasks } from '../../src/index.ts';
import { axisSampling, mirrorIndex, resampleAxis } from '../../src/methods/perturbation/linear-resize.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';
import { seededValues, withoutLeaks } from '../support/tensors.ts';
import { linearModel } from './linear-models.ts';

before(useCpu);

function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const mean = (v: ArrayLike<number>): number => Array.from(v).reduce((s, x) => s + x, 0) / n;
  const [ma, mb] = [mean(a), mean(b)];
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < n; i++) {
    const [da, db] = [(a[i] as number) - ma, (b[i] as number) - mb];
    ab += da * db;
    aa += da * da;
    bb += db * db;
  }
  return ab / Math.sqrt(aa * bb);
}

describe('rise', () => {
  // A smooth weight bump: RISE's smooth masks blur the attribution, so its analytic answer w * x is
  // recovered up to noise when w * x varies slowly.
  const w = Array.from({ length: 64 }, (_, p) => Math.exp(-(((p >> 3) - 5) ** 2 + ((p & 7) - 2) ** 2) / 6));
  const model = linearModel([8, 8, 1], w.map((v) => [v]));
  const xs = Array.from({ length: 64 }, (_, p) => 1 + 0.1 * (p % 3));
  const x = tf.tensor(xs, [1, 8, 8, 1]);

  test('equals sum_m f(x * m + b (1 - m)) m / (N p) over the masks riseMasks draws', async () => {
    const shape = [4, 4, 2];
    const kernel = Array.from(seededValues(32, 4), (v) => [v, -v]);
    const small = linearModel(shape, kernel);
    const input = tf.tensor(seededValues(64, 6), [2, ...shape]);
    const settings = { gridSize: 2, keepProbability: 0.3, seed: 9 };
    const result = await withoutLeaks(() => rise(small, input, { masks: 40, ...settings, baseline: 0.5, target: 1, perturbationsPerEval: 13 }));
    assert.deepEqual([...result.map.shape], [2, 4, 4]);
    const masks = riseMasks([4, 4], 40, settings);
    const values = input.dataSync();
    const expected = new Float64Array(32);
    for (let k = 0; k < 40; k++) {
      const mask = masks.data.subarray(k * 16, (k + 1) * 16);
      const masked = Array.from(values, (v, i) => 0.5 + (v - 0.5) * (mask[Math.floor((i % 32) / 2)] as number));
      const scores = tf.tidy(() => (small.predict(tf.tensor(masked, [2, ...shape])) as tf.Tensor).arraySync() as number[][]);
      for (let n = 0; n < 2; n++) for (let q = 0; q < 16; q++) expected[n * 16 + q] += ((scores[n]?.[1] as number) * (mask[q] as number)) / (40 * 0.3);
    }
    assertClose(result.map.data, expected, { atol: 1e-4, rtol: 1e-4 });
    input.dispose();
  });

  test('correlates with the analytic attribution w * x of a linear model', async () => {
    const result = await rise(model, x, { masks: 1000, gridSize: 4, seed: 2, target: 0, perturbationsPerEval: 250 });
    const r = pearson(result.map.data, xs.map((v, i) => v * (w[i] as number)));
    assert.ok(r > 0.9, `correlation ${r}`);
  });

  test('is deterministic for a seed and changes with it', async () => {
    const options = { masks: 30, gridSize: 3, target: 0 };
    const a = await rise(model, x, { ...options, seed: 1 });
    const b = await rise(model, x, { ...options, seed: 1 });
    const c = await rise(model, x, { ...options, seed: 2 });
    assert.deepEqual(a.map.data, b.map.data);
    assert.notDeepEqual(a.map.data, c.map.data);
    assert.deepEqual(a.meta.extra, { masks: 30, gridSize: 3, keepProbability: 0.5, seed: 1, baseline: 'constant 0', evaluations: [30] });
  });

  test('masks lie in [0, 1] and keep about p of the input', () => {
    const masks = riseMasks([16, 16], 200, { gridSize: 5, keepProbability: 0.25, seed: 0 });
    assert.ok(masks.data.every((v) => v >= 0 && v <= 1));
    const mean = masks.data.reduce((s, v) => s + v, 0) / masks.data.length;
    assert.ok(Math.abs(mean - 0.25) < 0.03, `mean ${mean}`);
  });

  test('linear sampling with half-pixel centres and mirrored edges', () => {
    assert.deepEqual([-3, -2, -1, 0, 1, 2, 3, 4, 5].map((i) => mirrorIndex(i, 3)), [1, 2, 1, 0, 1, 2, 1, 0, 1]);
    // [0, 1] -> 4 values samples at -0.25, 0.25, 0.75, 1.25; -0.25 mirrors to 0.25 and 1.25 to 0.75.
    assertClose(resampleAxis(Float64Array.from([0, 1]), [2], 0, axisSampling(2, 4, 0, 4)), [0.25, 0.25, 0.75, 0.75]);
    // [0, 3] -> 6 values, positions 1..4: samples at (u + 0.5) / 3 - 0.5 = 0, 1/3, 2/3, 1.
    assertClose(resampleAxis(Float64Array.from([0, 3]), [2], 0, axisSampling(2, 6, 1, 4)), [0, 1, 2, 3]);
  });

  test('inputs without a spatial axis are refused', async () => {
    const flat = linearModel([3], [[1], [1], [1]]);
    await assert.rejects(rise(flat, tf.tensor2d([[1, 2, 3]]), { masks: 2 }), /RISE masks spatial axes, but input 0 has sample shape \[3\]/);
    await assert.rejects(rise(model, x, { keepProbability: 0 }), /keepProbability: got 0/);
    await assert.rejects(rise(model, x, { masks: 0 }), /masks: got 0/);
  });
});
