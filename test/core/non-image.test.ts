// Non-image inputs: 1-D feature vectors and sequences, with keepdims as keras-vis requires.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { classesTarget, perSampleTarget, saliency, visualizeSaliency } from '../../src/index.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';

before(useCpu);

test('a 35-feature vector keeps its shape with keepdims (keras-vis issue 135)', async () => {
  const weights = Array.from({ length: 35 }, (_, i) => (i % 7) - 3);
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [35], useBias: false })] });
  model.setWeights([tf.tensor2d(weights, [35, 1])]);
  const map = await visualizeSaliency(model, -1, 0, tf.ones([1, 35]), { keepdims: true });
  assert.deepEqual([...map.shape], [1, 35]);
  assertClose(map.data, weights.map((w) => Math.abs(w) / 3), { atol: 1e-6 });
  const collapsed = await visualizeSaliency(model, -1, 0, tf.ones([1, 35]));
  assert.deepEqual([...collapsed.shape], [1], 'without keepdims the features collapse to one value, as in keras-vis');
});

test('a sequence model: saliency per time step and feature', async () => {
  const model = tf.sequential({
    layers: [tf.layers.conv1d({ inputShape: [6, 2], filters: 3, kernelSize: 2, activation: 'tanh' }), tf.layers.globalAveragePooling1d(), tf.layers.dense({ units: 2 })],
  });
  const x = tf.randomUniform([2, 6, 2], -1, 1, 'float32', 3);
  const result = await saliency(model, x, { target: 1 });
  assert.deepEqual([...result.map.shape], [2, 6, 2]);
  const eps = 1e-2;
  const base = x.arraySync() as number[][][];
  const probe = (n: number, t: number, f: number, delta: number): number => {
    const copy = base.map((s) => s.map((r) => [...r]));
    (copy[n] as number[][])[t]![f]! += delta;
    return tf.tidy(() => (model.predict(tf.tensor3d(copy)) as tf.Tensor).arraySync() as number[][])[n]![1]!;
  };
  const numeric = [];
  for (let n = 0; n < 2; n++) for (let t = 0; t < 6; t++) for (let f = 0; f < 2; f++) numeric.push((probe(n, t, f, eps) - probe(n, t, f, -eps)) / (2 * eps));
  assertClose(result.map.data, numeric, { atol: 1e-3, rtol: 1e-2 });
});

test('inputs given without a batch axis, as plain arrays or other dtypes, leave no tensors behind', async () => {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
  const ints = tf.tensor1d([1, 2], 'int32');
  const before = tf.memory().numTensors;
  await saliency(model, { data: Float32Array.from([1, 2]), shape: [2] }, { target: 0 });
  await saliency(model, ints, { target: 0 });
  assert.equal(tf.memory().numTensors, before);
});

test('a one-unit output (a regressor or a sigmoid) is explained with the default target, as with per-sample and summed targets', async () => {
  const weights = [2, -1, 0.5, 3];
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [4], useBias: false })] });
  model.setWeights([tf.tensor2d(weights, [4, 1])]);
  const x = tf.tensor2d([[1, 2, 3, 4], [-1, 0, 1, 0]]);
  const before = tf.memory().numTensors;
  for (const target of [undefined, perSampleTarget([0, 0]), classesTarget([0])]) {
    const result = await saliency(model, x, target === undefined ? {} : { target });
    assertClose(result.map.data, [...weights, ...weights], { atol: 1e-6, message: target?.description ?? 'predicted' });
    assertClose(result.meta.scores ?? [], [2 - 2 + 1.5 + 12, -2 + 0.5], { atol: 1e-5 });
  }
  assert.equal(tf.memory().numTensors, before);
  x.dispose();
  model.dispose();
});
