// KernelSHAP and Shapley value sampling against the closed form: on a model linear in independent
// features, feature g's Shapley value is sum_{p in g} w_p (x_p - b_p), exactly, whatever the draws.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { kernelShap, shapleySampling } from '../../../src/index.ts';
import { useCpu } from '../../support/backend.ts';
import { assertClose } from '../../support/assert-close.ts';
import { seededValues, withoutLeaks } from '../../support/tensors.ts';
import { linearModel } from '../linear-models.ts';
import { linearFunction } from './function-models.ts';

before(useCpu);

const METHODS = { 'kernel-shap': kernelShap, 'shapley-sampling': shapleySampling } as const;

describe('KernelSHAP and Shapley value sampling on linear models', () => {
  const w = [0.5, -1, 2, 3, 0.25, -0.5, 1.5];
  const x = { data: Float32Array.from([1, 2, 3, 4, 5, 6, 7]), shape: [7] };
  const expected = w.map((wi, p) => wi * ((p + 1) - 0.5));

  for (const [name, method] of Object.entries(METHODS)) {
    test(`${name}: each value its own feature (a function model of batch 1) gives w (x - b) exactly`, async () => {
      const result = await method(linearFunction(w, 0.3, 1), x, { baseline: 0.5, target: 0, seed: 3 });
      assertClose(result.map.data, expected, { atol: 1e-5, message: name });
      assert.equal(result.meta.extra?.['modelKind'], 'function');
    });

    test(`${name}: features from a mask sum w (x - b) over their values, per sample of a batch (TF.js model)`, async () => {
      const shape = [4, 4, 2];
      const weights = seededValues(32, 7);
      const model = linearModel(shape, Array.from(weights, (v) => [v, -v]), [0.1, 0.2]);
      const input = tf.tensor(seededValues(64, 9), [2, ...shape]);
      const xs = input.dataSync();
      const mask = { data: Float32Array.from({ length: 16 }, (_, p) => (p % 4 < 2 ? 0 : 1) + (p < 8 ? 0 : 2)), shape: [4, 4] };
      const result = await withoutLeaks(() => method(model, input, { featureMask: mask, baseline: 0.25, target: 0, seed: 1, perturbationsPerEval: 7 }));
      const sums = new Float64Array(8);
      xs.forEach((v, i) => {
        const n = Math.floor(i / 32);
        const feature = mask.data[Math.floor((i % 32) / 2)] as number;
        sums[n * 4 + feature] = (sums[n * 4 + feature] as number) + (weights[i % 32] as number) * (v - 0.25);
      });
      assertClose(result.map.data, Array.from(xs, (_, i) => sums[Math.floor(i / 32) * 4 + (mask.data[Math.floor((i % 32) / 2)] as number)] as number), { atol: 1e-5, message: name });
      input.dispose();
      model.dispose();
    });
  }

  test('grid features: a 4x4 image on a 2x2 grid has 4 features of 4 pixels, and the evaluations follow the options', async () => {
    const image = tf.ones([4, 4, 1]);
    const model = linearModel([4, 4, 1], Array.from({ length: 16 }, (_, p) => [p]));
    const result = await kernelShap(model, image, { gridSize: 2, samples: 10, target: 0 });
    assert.deepEqual(result.meta.extra?.['featureCount'], [4]);
    assert.deepEqual(result.meta.extra?.['evaluations'], [10]);
    const cell = (p: number): number => 2 * Math.floor(Math.floor(p / 4) / 2) + Math.floor((p % 4) / 2);
    const sums = [0 + 1 + 4 + 5, 2 + 3 + 6 + 7, 8 + 9 + 12 + 13, 10 + 11 + 14 + 15];
    assertClose(result.map.data, Array.from({ length: 16 }, (_, p) => sums[cell(p)] as number), { atol: 1e-4 });
    const shapley = await shapleySampling(model, image, { gridSize: 2, permutations: 3, target: 0 });
    assert.deepEqual(shapley.meta.extra?.['evaluations'], [1 + 3 * 3]);
    assertClose(shapley.map.data, result.map.data, { atol: 1e-4 });
    image.dispose();
    model.dispose();
  });
});
