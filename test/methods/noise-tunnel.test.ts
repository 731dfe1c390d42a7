import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  integratedGradients, noiseTunnel, regressionTarget, saliency, smoothGradMethod, smoothGradPresets,
  smoothGradSquaredMethod, varGradMethod, type Progress,
} from '../../src/index.ts';
import { assertClose } from '../support/assert-close.ts';
import { useCpu } from '../support/backend.ts';
import { seededValues, withoutLeaks } from '../support/tensors.ts';
import { linearImageModel, tinyCnn } from './gradient-support/models.ts';

before(useCpu);

const shape = [8, 8, 2] as const;
const size = 128;

describe('noiseTunnel', () => {
  const cnn = tinyCnn(shape);
  const x = tf.tensor4d(seededValues(2 * size, 17), [2, ...shape]);

  test('with sigma 0 it equals its inner method exactly (saliency, integrated gradients)', async () => {
    for (const type of ['smoothgrad', 'smoothgrad_sq'] as const) {
      const smoothed = await withoutLeaks(() => noiseTunnel(cnn, x, { type, sigma: 0, samples: 3, samplesBatchSize: 2 }));
      const plain = await saliency(cnn, x);
      assertClose(smoothed.map.data, type === 'smoothgrad' ? plain.map.data : plain.map.data.map((v) => v * v), { atol: 0, rtol: 0 });
      assert.deepEqual(smoothed.meta.units, plain.meta.units);
      assert.deepEqual(smoothed.meta.scores, plain.meta.scores);
    }
    const viaIg = await noiseTunnel(cnn, x, { method: integratedGradients, methodOptions: { steps: 4 }, sigma: 0, samples: 2 });
    const ig = await integratedGradients(cnn, x, { steps: 4 });
    assertClose(viaIg.map.data, ig.map.data, { atol: 0, rtol: 0 });
    assert.equal(viaIg.meta.extra?.inner, 'integrated-gradients');
  });

  test('VarGrad is never negative, and zero where the inner map does not change', async () => {
    const result = await withoutLeaks(() => noiseTunnel(cnn, x, { type: 'vargrad', samples: 6, sigma: 0.3 }));
    assert.ok(result.map.data.every((v) => v >= 0));
    assert.ok(result.map.data.some((v) => v > 0));
    assert.equal(result.meta.method, 'vargrad');
    const linear = linearImageModel(shape, seededValues(size, 2));
    const constant = await noiseTunnel(linear, x, { type: 'vargrad', samples: 4, target: 0 });
    assert.ok(constant.map.data.every((v) => v === 0), 'a linear model has the same gradient everywhere');
  });

  test('noise statistics: Input x Gradient on the sum model gives mean x + e-bar and variance sigma^2 (1 - 1/n)', async () => {
    const sum = linearImageModel(shape, new Float32Array(size).fill(1));
    const data = x.dataSync();
    const ranges = [0, 1].map((i) => Math.max(...data.slice(i * size, (i + 1) * size)) - Math.min(...data.slice(i * size, (i + 1) * size)));
    const n = 20;
    const common = { method: 'input-x-gradient', target: regressionTarget(0), samples: n, sigma: 0.2, seed: 7 } as const;
    const variance = await noiseTunnel(sum, x, { ...common, type: 'vargrad' });
    const mean = await noiseTunnel(sum, x, { ...common, type: 'smoothgrad' });
    for (let i = 0; i < 2; i++) {
      const sigma = 0.2 * (ranges[i] as number);
      const average = variance.map.data.slice(i * size, (i + 1) * size).reduce((a, b) => a + b, 0) / size;
      const expected = sigma * sigma * (1 - 1 / n);
      assert.ok(Math.abs(average - expected) < 0.1 * expected, `sample ${i}: mean variance ${average}, expected ${expected}`);
      const offsets = Array.from(mean.map.data.slice(i * size, (i + 1) * size), (v, j) => (v - (data[i * size + j] as number)) / sigma);
      const spread = Math.sqrt(offsets.reduce((s, v) => s + v * v, 0) / size);
      assert.ok(Math.abs(spread - 1 / Math.sqrt(n)) < 0.15 / Math.sqrt(n), `sample ${i}: spread of the mean noise ${spread}`);
    }
    assert.deepEqual((variance.meta.extra as { sigmas: number[][] }).sigmas, [ranges.map((r) => 0.2 * r)]);
  });

  test('results depend on the seed only: not on samplesBatchSize or on the rest of the batch', async () => {
    const progress: Progress[] = [];
    const whole = await noiseTunnel(cnn, x, { samples: 5, samplesBatchSize: 5, seed: 3 });
    const chunked = await noiseTunnel(cnn, x, { samples: 5, samplesBatchSize: 2, seed: 3, onProgress: (p) => progress.push(p) });
    assertClose(chunked.map.data, whole.map.data, { atol: 1e-7 });
    assert.deepEqual(progress, [{ done: 2, total: 5 }, { done: 4, total: 5 }, { done: 5, total: 5 }]);
    const second = tf.slice(x, [1, 0, 0, 0], [1, -1, -1, -1]);
    const alone = await noiseTunnel(cnn, second, { samples: 5, seed: 3 });
    assertClose(alone.map.data, whole.map.data.slice(size), { atol: 1e-7 });
    const reseeded = await noiseTunnel(cnn, x, { samples: 5, seed: 4 });
    assert.notDeepEqual(Array.from(reseeded.map.data), Array.from(whole.map.data));
    second.dispose();
  });

  test('presets hold the peers\' documented settings and behave so on a linear model', async () => {
    assert.deepEqual(smoothGradPresets.tfKerasVis, {
      method: 'saliency', methodOptions: { gradModifier: 'absolute' }, type: 'smoothgrad', samples: 20, sigma: 0.2, noiseScale: 'range',
    });
    assert.deepEqual(smoothGradPresets.pair, { type: 'smoothgrad_sq', samples: 25, sigma: 0.15, noiseScale: 'range' });
    assert.deepEqual(smoothGradPresets.captum, { type: 'smoothgrad', samples: 5, sigma: 1, noiseScale: 'absolute' });
    assert.deepEqual(smoothGradPresets.innvestigate, { type: 'smoothgrad', samples: 64, sigma: 1, noiseScale: 'absolute' });
    const weights = seededValues(size, 4);
    const linear = linearImageModel(shape, weights);
    const pair = await noiseTunnel(linear, x, { ...smoothGradPresets.pair, target: 0 });
    assertClose(pair.map.data, Array.from({ length: 2 * size }, (_, i) => (weights[i % size] as number) ** 2), { atol: 1e-7 });
    const tfKerasVis = await noiseTunnel(linear, x, { ...smoothGradPresets.tfKerasVis, target: 0 });
    assertClose(tfKerasVis.map.data, Array.from({ length: 2 * size }, (_, i) => Math.abs(weights[i % size] as number)), { atol: 1e-7 });
    assert.equal(tfKerasVis.meta.gradModifier, 'absolute');
    const captum = await noiseTunnel(linear, x, { ...smoothGradPresets.captum, target: 0 });
    assert.deepEqual(captum.meta.extra?.sigmas, [[1, 1]]);
    assert.equal(captum.meta.extra?.samples, 5);
  });

  test('registry entries: tunnel options, inner options passed through, common options', async () => {
    const viaRegistry = await smoothGradMethod.run(cnn, x, { method: 'integrated-gradients', steps: '4', sigma: '0', samples: '2', target: 1 });
    const ig = await integratedGradients(cnn, x, { steps: 4, target: 1 });
    assertClose(viaRegistry.map.data, ig.map.data, { atol: 0, rtol: 0 });
    assert.equal(viaRegistry.meta.target, 'class 1');
    assert.equal(smoothGradSquaredMethod.name, 'smoothgrad-sq');
    const variance = await varGradMethod.run(cnn, x, { samples: 2, seed: 1 });
    assert.equal(variance.meta.method, 'vargrad');
    await assert.rejects(smoothGradMethod.run(cnn, x, { stepz: 3 }), /stepz: not an option of 'saliency'/);
    await assert.rejects(smoothGradMethod.run(cnn, x, { method: 'nope' }), /method: 'nope' is not a registered method; methods are saliency, /);
  });

  test('bad options name the argument', async () => {
    await withoutLeaks(async () => {
      await assert.rejects(noiseTunnel(cnn, x, { type: 'mean' as never }), /type: got "mean"; expected one of 'smoothgrad', 'smoothgrad_sq', 'vargrad'/);
      await assert.rejects(noiseTunnel(cnn, x, { noiseScale: 'relative' as never }), /noiseScale: got "relative"; expected one of 'range', 'absolute'/);
      await assert.rejects(noiseTunnel(cnn, x, { samples: 0 }), /samples: got 0; expected an integer from 1 to 1000/);
      await assert.rejects(noiseTunnel(cnn, x, { sigma: -0.1 }), /sigma: got -0.1; expected a number from 0 to 10/);
      await assert.rejects(noiseTunnel(cnn, x, { method: 42 as never }), /method: got 42; expected a registered method name/);
    });
  });
});
