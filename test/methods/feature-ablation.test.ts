// Feature ablation against closed forms: on a linear model each group's drop is sum_{p in group} w_p (x_p - b).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { featureAblation, occlusion } from '../../src/index.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';
import { seededValues, withoutLeaks } from '../support/tensors.ts';
import { countingInput, linearModel, sumModel } from './linear-models.ts';

before(useCpu);

describe('feature ablation', () => {
  const model = sumModel([3, 3, 1]);
  const x = countingInput([1, 3, 3, 1]);

  test('a mask of rows on the pixel-sum model gives each row its sum (a mask without the channel axis)', async () => {
    const rows = { data: Float32Array.from([0, 0, 0, 1, 1, 1, 2, 2, 2]), shape: [3, 3] };
    const result = await withoutLeaks(() => featureAblation(model, x, { featureMask: rows, target: 0 }));
    assertClose(result.map.data, [6, 6, 6, 15, 15, 15, 24, 24, 24]);
    assert.deepEqual(result.meta.extra?.['evaluations'], [3]);
  });

  test('square patches, including the short ones at the edges', async () => {
    const sum16 = sumModel([4, 4, 1]);
    const x16 = countingInput([1, 4, 4, 1]);
    const two = await featureAblation(sum16, x16, { patchSize: 2, target: 0 });
    assertClose(two.map.data, [14, 14, 22, 22, 14, 14, 22, 22, 46, 46, 54, 54, 46, 46, 54, 54]);
    const three = await featureAblation(sum16, x16, { patchSize: 3, target: 0, baseline: 1 });
    assertClose(three.map.data, [45, 45, 45, 21, 45, 45, 45, 21, 45, 45, 45, 21, 39, 39, 39, 15]);
  });

  test('without a mask each value is its own feature: w * (x - b), like single-value occlusion', async () => {
    const shape = [3, 2, 2];
    const w = seededValues(12, 2);
    const weighted = linearModel(shape, Array.from(w, (v) => [v, 1 - v]), [1, 2]);
    const input = tf.tensor(seededValues(24, 5), [2, ...shape]);
    const xs = input.dataSync();
    const result = await featureAblation(weighted, input, { baseline: -0.5, target: 0, perturbationsPerEval: 5 });
    assertClose(result.map.data, Array.from(xs, (v, i) => (w[i % 12] as number) * (v + 0.5)), { atol: 1e-5 });
    const occluded = await occlusion(weighted, input, { window: [1, 1, 1], baseline: -0.5, target: 0 });
    assertClose(result.map.data, occluded.map.data, { atol: 1e-6 });
    input.dispose();
  });

  test('one mask per sample and one baseline per sample', async () => {
    const batch = tf.concat([x, tf.mul(x, 2)]);
    const masks = { data: Float32Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 5, 5, 7, 7, 7, 7, 7, 7]), shape: [2, 3, 3, 1] };
    const baselines = { data: Float32Array.from([...new Array(9).fill(1), ...new Array(9).fill(0)]), shape: [2, 3, 3] };
    const result = await featureAblation(model, batch, { featureMask: masks, baseline: baselines, target: 0 });
    assertClose(result.map.data, [...new Array(9).fill(45 - 9), ...new Array(3).fill(12), ...new Array(6).fill(78)]);
    assert.deepEqual(result.meta.extra?.['evaluations'], [1, 2]);
    batch.dispose();
  });

  test('the same id in two inputs is one feature', async () => {
    const a = tf.input({ shape: [3] });
    const b = tf.input({ shape: [2] });
    const dense = tf.layers.dense({ units: 1, useBias: false });
    const out = dense.apply(tf.layers.concatenate().apply([a, b])) as tf.SymbolicTensor;
    const twoInputs = tf.model({ inputs: [a, b], outputs: out });
    dense.setWeights([tf.tensor2d([[1], [2], [3], [-1], [0.5]])]);
    const masks = [{ data: Float32Array.from([0, 0, 1]), shape: [3] }, { data: Float32Array.from([1, 2]), shape: [2] }];
    const inputs = [tf.tensor2d([[1, 1, 1]]), tf.tensor2d([[2, 4]])];
    const result = await withoutLeaks(() => featureAblation(twoInputs, inputs, { featureMask: masks, target: 0 }));
    assertClose(result.maps[0]?.data ?? [], [3, 3, 1]);
    assertClose(result.maps[1]?.data ?? [], [1, 2]);
  });

  test('bad masks are refused with the argument named', async () => {
    const half = { data: Float32Array.from([0, 0.5, 1, 1, 1, 1, 1, 1, 1]), shape: [3, 3] };
    await assert.rejects(featureAblation(model, x, { featureMask: half }), /featureMask: feature ids must be integers/);
    await assert.rejects(featureAblation(model, x, { featureMask: { data: new Float32Array(4), shape: [2, 2] } }), /featureMask: got shape \[2, 2\]; expected one of/);
    await assert.rejects(featureAblation(model, x, { featureMask: { data: new Float32Array(9), shape: [3, 3] }, patchSize: 2 }), /patchSize: give either featureMask or patchSize/);
    await assert.rejects(featureAblation(model, x, { patchSize: 0 }), /patchSize: got 0/);
  });
});
