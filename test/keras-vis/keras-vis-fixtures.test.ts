// visualizeSaliency post-processing against keras-vis's numbers (keras-vis-details.md, Appendix A):
// a linear model whose input gradient is exactly the fixture's g.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { visualizeSaliency, visualizeSaliencyWithLosses, activationMaximization } from '../../src/index.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';
import { withoutLeaks } from '../support/tensors.ts';

const G0 = [-8.5, -6.5, -4.5, -2.5, -0.5, 1.5, 3.5, 5.5, 7.5];
const G1 = [3.75, 2.75, 1.75, 0.75, -0.25, -1.25, -2.25, -3.25, -4.25];
const gradient = G0.flatMap((g, i) => [g, G1[i] as number]);

/** Flatten -> Dense(1, linear, no bias) with kernel = g: d out / d x = g exactly. */
function gradientModel(): tf.LayersModel {
  const model = tf.sequential({
    layers: [tf.layers.flatten({ inputShape: [3, 3, 2] }), tf.layers.dense({ units: 1, useBias: false })],
  });
  model.layers[1]?.setWeights([tf.tensor2d(gradient, [18, 1])]);
  return model;
}

const EXPECTED = {
  absolute: [1, 0.75, 0.5, 0.25, 0, 0.125, 0.375, 0.625, 0.875],
  none: [0.516129, 0.387097, 0.258065, 0.129032, 0, 0.225806, 0.483871, 0.741935, 1],
  negate: [1, 0.75, 0.5, 0.25, 0, 0.09375, 0.21875, 0.34375, 0.46875],
  relu: [0.5, 0.366667, 0.233333, 0.1, 0, 0.2, 0.466667, 0.733333, 1],
};
const KEEPDIMS_CHANNEL_1 = [0.424242, 0.30303, 0.181818, 0.060606, 0, 0.121212, 0.242424, 0.363636, 0.484848];

before(useCpu);

describe('visualizeSaliency reproduces keras-vis numbers', () => {
  const model = gradientModel();
  const seed = tf.ones([3, 3, 2]);

  for (const [modifier, expected] of Object.entries(EXPECTED)) {
    test(`grad modifier ${modifier}`, async () => {
      const map = await withoutLeaks(() =>
        visualizeSaliency(model, -1, 0, seed, { gradModifier: modifier as keyof typeof EXPECTED }),
      );
      assert.deepEqual([...map.shape], [3, 3], 'a seed without batch axis gives a map without one');
      assertClose(map.data, expected, { atol: 2e-6, rtol: 0 });
    });
  }

  test('keepdims keeps the channel axis', async () => {
    const map = await visualizeSaliency(model, -1, 0, seed, { keepdims: true });
    assert.deepEqual([...map.shape], [3, 3, 2]);
    assertClose(Array.from(map.data).filter((_, i) => i % 2 === 1), KEEPDIMS_CHANNEL_1, { atol: 2e-6, rtol: 0 });
  });

  test('the top value is 1 within float32 (epsilon 1e-7) and a constant map gives zeros', async () => {
    const map = await visualizeSaliency(model, -1, 0, seed);
    const top = Math.max(...map.data);
    assert.ok(top <= 1 && top > 1 - 1e-6, `top ${top}`);
    const flat = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [3, 3, 2] }), tf.layers.dense({ units: 1, useBias: false, kernelInitializer: 'ones' })] });
    const constant = await visualizeSaliency(flat, -1, 0, seed);
    assert.deepEqual(Array.from(constant.data), new Array(9).fill(0));
  });

  test('a batch gives one map per sample, each normalised on its own', async () => {
    const batch = tf.stack([seed, seed]);
    const map = await visualizeSaliency(model, -1, 0, batch);
    assert.deepEqual([...map.shape], [2, 3, 3]);
    assertClose(map.data.subarray(9), EXPECTED.absolute, { atol: 2e-6, rtol: 0 });
  });

  test('visualizeSaliencyWithLosses with ActivationMaximization weight -1 equals visualizeSaliency', async () => {
    const viaLosses = await visualizeSaliencyWithLosses(model, [[activationMaximization(-1, 0), -1]], seed);
    assertClose(viaLosses.data, EXPECTED.absolute, { atol: 2e-6, rtol: 0 });
  });
});
