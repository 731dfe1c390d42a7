// nearZeroGuarded (deeplift-math.ts): DeepLIFT's one near-zero guard, numerator / Δin where
// |Δin| >= 1e-10 and the fallback (the plain derivative) below, with no 0/0 anywhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { nearZeroGuarded, rescaled, rescaleMultiplier } from '../../../src/methods/relevance/deeplift-math.ts';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());

test('nearZeroGuarded divides where |Δin| >= 1e-10 and takes the fallback below, with no NaN', () => {
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const numerator = tf.tensor1d([2, 3, 0, 5, -6, 1]);
    const dIn = tf.tensor1d([4, 1e-11, 0, -1e-11, -3, 1e-10]);
    const fallback = tf.tensor1d([7, 8, 9, 10, 11, 12]);
    const out = values(nearZeroGuarded(numerator, dIn, fallback));
    assert.deepEqual(out.slice(0, 5), [0.5, 8, 9, 10, 2]);
    // 1e-10 itself is not below the threshold: 1 / 1e-10 (float32)
    assert.ok(Math.abs((out[5] as number) / 1e10 - 1) < 1e-6, `got ${out[5]}`);
    // the Rescale rule and multiplier are the guard with dy·Δout and Δout over Δin
    assert.deepEqual(values(rescaled(tf.tensor1d([2, 2]), tf.tensor1d([4, 0]), tf.tensor1d([6, 6]), tf.tensor1d([1, -1]))), [3, -1]);
    assert.deepEqual(values(rescaleMultiplier(tf.tensor1d([0, -2]), tf.tensor1d([5, 3]), tf.tensor1d([0.25, 0]))), [0.25, -1.5]);
  });
  assert.equal(tf.memory().numTensors, before);
});
