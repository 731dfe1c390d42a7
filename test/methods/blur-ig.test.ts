import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { blurIg, blurIgMethod } from '../../src/index.ts';
import { blurRows, blurSigmaDifference, gaussianBlurMatrix } from '../../src/methods/gradient/gaussian-blur.ts';
import { assertClose } from '../support/assert-close.ts';
import { useCpu } from '../support/backend.ts';
import { seededValues, withoutLeaks } from '../support/tensors.ts';
import { blurReference } from './gradient-support/blur-reference.ts';
import { denseImageClassifier, linearImageModel, smoothClassifier } from './gradient-support/models.ts';

before(useCpu);

describe('Gaussian blur (scipy gaussian_filter, mode constant, truncate 4)', () => {
  test('an impulse becomes the normalised kernel; sigma 0 is the identity', () => {
    const matrix = gaussianBlurMatrix(11, 1);
    const raw = [-4, -3, -2, -1, 0, 1, 2, 3, 4].map((d) => Math.exp(-(d * d) / 2));
    const total = raw.reduce((a, b) => a + b, 0);
    const column = Array.from({ length: 11 }, (_, i) => matrix[i * 11 + 5] as number);
    assertClose(column, [0, ...raw.map((v) => v / total), 0], { atol: 1e-7 });
    assert.deepEqual(Array.from(gaussianBlurMatrix(3, 0)), [1, 0, 0, 0, 1, 0, 0, 0, 1]);
    assert.equal(gaussianBlurMatrix(5, 0.1)[0], 1, 'radius floor(4 * 0.1 + 0.5) = 0 keeps the value');
  });

  test('blurs every row with its own sigma, like direct sums', () => {
    const data = seededValues(2 * 7 * 5 * 3, 4);
    const x = tf.tensor4d(data, [2, 7, 5, 3]);
    const blurred = tf.tidy(() => blurRows(x, [1.3, 0.6]));
    const first = blurReference(data.slice(0, 105), [1, 7, 5, 3], 1.3);
    const second = blurReference(data.slice(105), [1, 7, 5, 3], 0.6);
    assertClose(blurred.dataSync(), [...first, ...second], { atol: 1e-6 });
    [x, blurred].forEach((t) => t.dispose());
  });

  test('the sigma difference (blur(s + h) - blur(s)) / h matches float64 direct sums, jumps of the radius included', () => {
    const data = seededValues(2 * 6 * 9 * 2, 5);
    const x = tf.tensor4d(data, [2, 6, 9, 2]);
    const sigmas = [0.37, 1.115];
    const h = 0.01;
    const difference = tf.tidy(() => blurSigmaDifference(x, sigmas, h));
    const expected = sigmas.flatMap((sigma, r) => {
      const sample = data.slice(r * 108, (r + 1) * 108);
      const ahead = blurReference(sample, [1, 6, 9, 2], sigma + h);
      const at = blurReference(sample, [1, 6, 9, 2], sigma);
      return Array.from(ahead, (v, i) => (v - (at[i] as number)) / h);
    });
    assertClose(difference.dataSync(), expected, { atol: 1e-5, rtol: 1e-4 });
    [x, difference].forEach((t) => t.dispose());
  });
});

describe('blurIg', () => {
  const shape = [6, 5, 2] as const;
  const weights = seededValues(60, 2);
  const model = linearImageModel(shape, weights, -0.2);
  const data = seededValues(120, 3);
  const x = tf.tensor4d(data, [2, ...shape]);

  test('PAIR\'s sum on a linear model: -w * sum_i (s_i+1 - s_i) (blur(s_i + h) - blur(s_i)) / h', async () => {
    const steps = 6;
    const maxSigma = 3;
    const h = 0.01;
    const result = await withoutLeaks(() => blurIg(model, x, { target: 0, steps, maxSigma }));
    const expected = new Float64Array(120);
    for (let i = 0; i < steps; i++) {
      const sigma = (i * maxSigma) / steps;
      const at = blurReference(data, [2, ...shape], sigma || 1e-9);
      const ahead = blurReference(data, [2, ...shape], sigma + h);
      for (let j = 0; j < 120; j++) expected[j] = (expected[j] as number) - (weights[j % 60] as number) * (maxSigma / steps) * (((ahead[j] as number) - (at[j] as number)) / h);
    }
    assertClose(result.map.data, expected, { atol: 1e-5, rtol: 1e-4 });
    assert.equal(result.meta.method, 'blur-ig');
  });

  test('completeness delta shrinks with more steps, towards f(x) - f(blur(x, maxSigma))', async () => {
    const dense = denseImageClassifier([6, 10, 1]);
    const flat = tf.reshape(x, [2, 6, 10, 1]);
    const worst = async (steps: number, sqrt = false) => {
      const result = await blurIg(dense, flat, { steps, maxSigma: 4, sqrt });
      return Math.max(...(result.meta.extra as { delta: number[] }).delta.map(Math.abs));
    };
    const deltas = [await worst(4), await worst(16), await worst(64)];
    assert.ok((deltas[0] as number) > (deltas[1] as number) && (deltas[1] as number) > (deltas[2] as number), `deltas ${deltas}`);
    assert.ok((deltas[2] as number) < 0.01, `64 steps: ${deltas[2]}`);
    assert.ok((await worst(64, true)) < 0.01, 'sqrt spacing ends at sqrt(maxSigma), where the delta is measured');
    flat.dispose();
  });

  test('inputs without spatial axes are refused; the registry entry runs', async () => {
    const vector = smoothClassifier(4);
    const features = tf.zeros([1, 4]);
    await withoutLeaks(() => assert.rejects(blurIg(vector, features, {}), /input: a blur needs spatial axes/));
    features.dispose();
    const result = await blurIgMethod.run(model, x, { steps: '3', maxSigma: '2', target: 0 });
    assert.deepEqual(result.meta.extra?.steps, 3);
  });
});
