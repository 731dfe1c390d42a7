import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { customTarget, type Progress } from '../../src/index.ts';
import { integratedGradients, integratedGradientsMethod, integratedGradientsPresets } from '../../src/methods/gradient/integrated-gradients.ts';
import { assertClose } from '../support/assert-close.ts';
import { useCpu } from '../support/backend.ts';
import { seededValues, weightSnapshot, withoutLeaks } from '../support/tensors.ts';
import { denseImageClassifier, linearImageModel, singleUnit, smoothClassifier } from './gradient-support/models.ts';
import { blurReference } from './gradient-support/blur-reference.ts';

before(useCpu);

const extra = (meta: { extra?: Readonly<Record<string, unknown>> }) => meta.extra as { delta: number[]; baselineScores: number[] };

describe('integratedGradients', () => {
  test('matches the closed form of a tanh unit: a_i = (x_i - x0_i) w_i (f(x) - f(x0)) / (w . (x - x0))', async () => {
    const w = [0.8, -1.2, 0.5, 2];
    const b = 0.1;
    const model = singleUnit(w, b, 'tanh');
    const xs = [[0.5, 0.2, -0.7, 0.3], [-0.4, 0.9, 0.1, 0.6]];
    const x = tf.tensor2d(xs);
    const result = await withoutLeaks(() => integratedGradients(model, x, { target: 0 }));
    x.dispose();
    const expected = xs.flatMap((x) => {
      const z = x.reduce((s, v, i) => s + v * (w[i] as number), 0);
      const change = Math.tanh(z + b) - Math.tanh(b);
      return x.map((v, i) => (v * (w[i] as number) * change) / z);
    });
    assertClose(result.map.data, expected, { atol: 1e-6 });
    assert.deepEqual(result.map.shape, [2, 4]);
    for (const d of extra(result.meta).delta) assert.ok(Math.abs(d) < 1e-6, `delta ${d}`);
    assertClose(extra(result.meta).baselineScores, [Math.tanh(b), Math.tanh(b)], { atol: 1e-6 });
    assert.equal(result.meta.method, 'integrated-gradients');
  });

  test('completeness: |delta| shrinks as steps grow, and Gauss-Legendre beats Riemann at equal steps', async () => {
    const model = smoothClassifier(6);
    const x = tf.tensor2d(seededValues(12, 9), [2, 6]);
    const worst = async (quadrature: 'riemann-right' | 'riemann-middle' | 'gauss-legendre', steps: number) => {
      const result = await integratedGradients(model, x, { quadrature, steps });
      return Math.max(...extra(result.meta).delta.map(Math.abs));
    };
    const riemann = [await worst('riemann-right', 4), await worst('riemann-right', 16), await worst('riemann-right', 64)];
    assert.ok(riemann[0] > riemann[1] && riemann[1] > riemann[2], `riemann-right deltas ${riemann}`);
    assert.ok(riemann[2] < 0.02, `64 steps: ${riemann[2]}`);
    const middle = await worst('riemann-middle', 6);
    const gauss = await worst('gauss-legendre', 6);
    assert.ok(gauss < middle / 100, `gauss-legendre ${gauss} vs riemann-middle ${middle} at 6 steps`);
    assert.ok(gauss < 1e-5, `gauss-legendre ${gauss}`);
    x.dispose();
  });

  test('baselines: a constant, one per sample, and the blurred input, on a linear model (a = (x - x0) w)', async () => {
    const shape = [5, 4, 2] as const;
    const weights = seededValues(40, 4);
    const model = linearImageModel(shape, weights, 0.3);
    const data = seededValues(80, 12);
    const x = tf.tensor4d(data, [2, ...shape]);
    const check = (map: Float32Array, baseline: (i: number) => number) =>
      assertClose(map, Array.from(data, (v, i) => (v - baseline(i)) * (weights[i % 40] as number)), { atol: 1e-5 });
    const constant = await withoutLeaks(() => integratedGradients(model, x, { target: 0, baseline: 0.25, steps: 3 }));
    check(constant.map.data, () => 0.25);
    const perSample = seededValues(80, 13);
    const given = await withoutLeaks(() => integratedGradients(model, x, { target: 0, baseline: { data: perSample, shape: [2, ...shape] }, steps: 3 }));
    check(given.map.data, (i) => perSample[i] as number);
    const blurred = blurReference(data, [2, ...shape], 1.5);
    const blur = await withoutLeaks(() => integratedGradients(model, x, { target: 0, baseline: 'blur', blurSigma: 1.5, steps: 3 }));
    check(blur.map.data, (i) => blurred[i] as number);
    assert.equal(blur.meta.extra?.baseline, 'blurred input (sigma 1.5)');
    for (const d of extra(blur.meta).delta) assert.ok(Math.abs(d) < 1e-5);
    x.dispose();
  });

  test('200 steps on a batch of 16 with internalBatchSize 16 never holds all the interpolated inputs', async () => {
    const shape = [8, 8, 3] as const;
    const model = denseImageClassifier(shape);
    const x = tf.tensor4d(seededValues(16 * 192, 21), [16, ...shape]);
    const base = tf.memory().numBytes;
    let peak = 0;
    let rowsSeen = 0;
    const probe = customTarget((logits) => {
      peak = Math.max(peak, tf.memory().numBytes - base);
      rowsSeen = Math.max(rowsSeen, logits.shape[0] as number);
      return tf.reshape(tf.slice(logits, [0, 1], [-1, 1]), [-1]);
    }, { classification: true });
    const progress: Progress[] = [];
    const weightsBefore = weightSnapshot(model);
    await withoutLeaks(() =>
      integratedGradients(model, x, { target: probe, steps: 200, internalBatchSize: 16, onProgress: (p) => progress.push(p) }),
    );
    const allInterpolated = 200 * 16 * 192 * 4;
    assert.equal(progress.length, 200);
    assert.deepEqual(progress.at(-1), { done: 3200, total: 3200 });
    assert.equal(rowsSeen, 16);
    assert.ok(peak < allInterpolated / 10, `peak ${peak} bytes vs ${allInterpolated} for all interpolated inputs`);
    assert.deepEqual(weightSnapshot(model), weightsBefore);
    x.dispose();
  });

  test('a batch equals the per-sample calls, whatever internalBatchSize', async () => {
    const model = smoothClassifier(6);
    const data = seededValues(18, 30);
    const batch = await integratedGradients(model, { data, shape: [3, 6] }, { steps: 10, internalBatchSize: 7 });
    for (let i = 0; i < 3; i++) {
      const one = await integratedGradients(model, { data: data.slice(i * 6, i * 6 + 6), shape: [6] }, { steps: 10, internalBatchSize: 64 });
      assertClose(one.map.data, batch.map.data.slice(i * 6, i * 6 + 6), { atol: 1e-6 });
      assert.equal(one.meta.units?.[0], batch.meta.units?.[i]);
    }
  });

  test('presets and the registry entry', async () => {
    assert.deepEqual(integratedGradientsPresets.captum, { steps: 50, quadrature: 'gauss-legendre', baseline: 'zeros' });
    assert.deepEqual(integratedGradientsPresets.pair, { steps: 25, quadrature: 'linspace', baseline: 'zeros' });
    const model = singleUnit([1, 2], 0);
    const result = await integratedGradientsMethod.run(model, { data: Float32Array.from([1, 1]), shape: [2] }, { baseline: '0.5', steps: '4', target: 0 });
    assertClose(result.map.data, [0.5, 1], { atol: 1e-6 });
    await assert.rejects(integratedGradientsMethod.run(model, { data: Float32Array.from([1, 1]), shape: [2] }, { baseline: 'mean' }), /baseline: got "mean"; expected 'zeros', 'blur', a number, or a tf.Tensor/);
  });

  test('bad options name the argument', async () => {
    const model = singleUnit([1, 2], 0);
    const x = { data: Float32Array.from([1, 1]), shape: [1, 2] };
    await assert.rejects(integratedGradients(model, x, { steps: 0 }), /steps: got 0/);
    await assert.rejects(integratedGradients(model, x, { internalBatchSize: 2.5 }), /internalBatchSize: got 2.5; expected an integer from 1 to 4096/);
    await assert.rejects(integratedGradients(model, x, { baseline: { data: Float32Array.from([1, 2, 3]), shape: [3] } }), /baseline: expected shape \[2\], \[1, 2\] or \[B, 2\], got \[3\]/);
    await withoutLeaks(() => assert.rejects(integratedGradients(model, x, { baseline: 'blur' }), /input: a blur needs spatial axes/));
  });
});
