// Gradients against closed forms and central finite differences; modifiers against their formulas.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  applyGradModifier,
  classTarget,
  classesTarget,
  filterTarget,
  perSampleTarget,
  regressionTarget,
  saliency,
  visualizeSaliency,
} from '../../src/index.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';
import { seedWeights, seededValues, withoutLeaks } from '../support/tensors.ts';

before(useCpu);

function linearSoftmaxModel(): { model: tf.LayersModel; weights: number[][] } {
  const weights = [
    [0.5, -1, 2],
    [1.5, 0.25, -0.75],
    [-2, 3, 0.1],
    [0.3, 0.6, 0.9],
  ];
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4], activation: 'softmax' })] });
  model.setWeights([tf.tensor2d(weights), tf.tensor1d([0.1, -0.2, 0.3])]);
  return { model, weights };
}

describe('closed forms', () => {
  test("a linear model's saliency is its weight row (the softmax is removed and reported)", async () => {
    const { model, weights } = linearSoftmaxModel();
    const x = tf.tensor2d([[1, 2, 3, 4], [-1, 0, 0.5, 2]]);
    for (const cls of [0, 1, 2]) {
      const result = await withoutLeaks(() => saliency(model, x, { target: cls }));
      const row = weights.map((w) => w[cls] as number);
      assertClose(result.map.data, [...row, ...row]);
      assert.deepEqual(result.meta.softmax, { mode: 'remove', removedFrom: [model.layers[0]?.name] });
    }
  });

  test('softmax kept: the gradient of the probability, p_c (w_c - sum_k p_k w_k)', async () => {
    const { model, weights } = linearSoftmaxModel();
    const x = tf.tensor2d([[1, 2, 3, 4]]);
    const p = Array.from((model.predict(x) as tf.Tensor).dataSync());
    const result = await saliency(model, x, { target: 1, softmax: 'keep' });
    const expected = weights.map((w) => (p[1] as number) * ((w[1] as number) - w.reduce((s, v, k) => s + (p[k] as number) * v, 0)));
    assertClose(result.map.data, expected, { atol: 1e-6 });
    assert.deepEqual(result.meta.softmax.removedFrom, []);
  });

  test('several classes are summed; per-sample classes pick one per sample', async () => {
    const { model, weights } = linearSoftmaxModel();
    const x = tf.tensor2d([[1, 2, 3, 4], [4, 3, 2, 1]]);
    const summed = await saliency(model, x, { target: classesTarget([0, 2]) });
    const sumRow = weights.map((w) => (w[0] as number) + (w[2] as number));
    assertClose(summed.map.data, [...sumRow, ...sumRow]);
    const perSample = await saliency(model, x, { target: perSampleTarget([2, 0]) });
    assertClose(perSample.map.data, [...weights.map((w) => w[2] as number), ...weights.map((w) => w[0] as number)]);
    assert.deepEqual(perSample.meta.units, [2, 0]);
  });

  test('the default target is the predicted class, reported per sample', async () => {
    const { model } = linearSoftmaxModel();
    const x = tf.tensor2d([[1, 2, 3, 4], [-3, 1, 0, 0]]);
    const predicted = Array.from((tf.argMax(model.predict(x) as tf.Tensor, 1)).dataSync());
    const result = await saliency(model, x);
    assert.deepEqual(result.meta.units, predicted);
    assert.equal(result.meta.target, 'predicted class');
  });

  test('gradient with respect to a layer output: d logit / d hidden = the head weights', async () => {
    const input = tf.input({ shape: [3] });
    const hidden = tf.layers.dense({ units: 2, name: 'hidden' }).apply(input);
    const out = tf.layers.dense({ units: 2, name: 'head', activation: 'softmax' }).apply(hidden) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    model.getLayer('head').setWeights([tf.tensor2d([[1, -2], [3, 4]]), tf.zeros([2])]);
    const x = tf.ones([2, 3]);
    const result = await withoutLeaks(() => saliency(model, x, { target: 1, wrt: 'hidden' }));
    assert.deepEqual([...result.map.shape], [2, 2]);
    assertClose(result.map.data, [-2, 4, -2, 4]);
    assert.equal(result.meta.wrt, 'hidden');
  });
});

describe('finite differences on a small CNN (conv, pooling, batch norm, dense)', () => {
  test('matches central differences', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, padding: 'same', activation: 'tanh' }),
        tf.layers.batchNormalization(),
        tf.layers.averagePooling2d({ poolSize: 2 }),
        tf.layers.conv2d({ filters: 4, kernelSize: 2, activation: 'tanh' }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, activation: 'softmax' }),
      ],
    });
    seedWeights(model, 3, 0.8);
    const x = tf.tensor4d(seededValues(72, 9), [1, 6, 6, 2]);
    const result = await saliency(model, x, { target: 1, softmax: 'keep' });
    const eps = 1e-2;
    const base = x.dataSync();
    const batch = new Float32Array(144 * 72);
    for (let i = 0; i < 72; i++) {
      batch.set(base, 2 * i * 72);
      batch.set(base, (2 * i + 1) * 72);
      batch[2 * i * 72 + i] = (base[i] as number) + eps;
      batch[(2 * i + 1) * 72 + i] = (base[i] as number) - eps;
    }
    const probs = tf.tidy(() => (model.predict(tf.tensor4d(batch, [144, 6, 6, 2])) as tf.Tensor).dataSync());
    const numeric = Array.from({ length: 72 }, (_, i) => ((probs[6 * i + 1] as number) - (probs[6 * i + 4] as number)) / (2 * eps));
    assertClose(result.map.data, numeric, { atol: 2e-4, rtol: 2e-2 });
  });
});

describe('grad modifiers', () => {
  const g = [-2, -0.5, 0, 1e-3, 3];
  const cases: Array<[Parameters<typeof applyGradModifier>[1], (v: number) => number]> = [
    ['absolute', Math.abs],
    ['negate', (v) => -v],
    ['invert', (v) => 1 / (v + 1e-7)],
    ['relu', (v) => Math.max(v, 0)],
    ['small_values', (v) => Math.abs(1 / (v + 1e-7))],
    ['none', (v) => v],
    [null, (v) => v],
    [(t) => tf.mul(t, 2), (v) => 2 * v],
  ];
  for (const [modifier, formula] of cases) {
    test(`${typeof modifier === 'function' ? 'custom function' : modifier}`, () => {
      const input = tf.tensor1d(g);
      const out = tf.tidy(() => applyGradModifier(input, modifier).dataSync());
      assertClose(out, g.map((v) => Math.fround(formula(Math.fround(v)))), { rtol: 1e-6 });
      assert.deepEqual(Array.from(input.dataSync()), g.map(Math.fround), 'the input is not modified');
      input.dispose();
    });
  }
  test('an unknown name lists the valid ones', () => {
    assert.throws(() => applyGradModifier(tf.zeros([1]), 'abs' as 'absolute'), /gradModifier.*'absolute', 'negate'/);
  });
});

describe('conv filter and regression saliency', () => {
  test('conv filter saliency: gradient of the mean activation of one channel', async () => {
    // conv 2x2 valid on 3x3x1, linear: mean over the 2x2 output of channel f = sum of patch weights / 4.
    const model = tf.sequential({
      layers: [tf.layers.conv2d({ inputShape: [3, 3, 1], filters: 2, kernelSize: 2, useBias: false, name: 'conv' }), tf.layers.flatten(), tf.layers.dense({ units: 1 })],
    });
    const kernel = [1, 10, 2, 20, 3, 30, 4, 40];
    model.getLayer('conv').setWeights([tf.tensor4d(kernel, [2, 2, 1, 2])]);
    const result = await saliency(model, tf.ones([1, 3, 3, 1]), { target: filterTarget('conv', 1) });
    const w = [10, 20, 30, 40];
    const expected = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((p) => {
      const [r, c] = [Math.floor(p / 3), p % 3];
      let sum = 0;
      for (const [dr, dc] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) {
        const [i, j] = [r - dr, c - dc];
        if (i >= 0 && i < 2 && j >= 0 && j < 2) sum += w[dr * 2 + dc] as number;
      }
      return sum / 4;
    });
    assertClose(result.map.data, expected);
    const kerasVis = await visualizeSaliency(model, 'conv', 1, tf.ones([3, 3, 1]));
    assertClose(kerasVis.data, expected.map((v) => (v - 2.5) / (25 - 2.5 + 1e-7)), { atol: 1e-6 });
  });

  test('regression: increase, decrease (negate) and maintain (small_values)', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [3], activation: 'tanh' })] });
    model.setWeights([tf.tensor2d([[2], [-1], [0.5]]), tf.tensor1d([0])]);
    const x = tf.tensor2d([[0.1, 0.2, 0.3]]);
    const z = 0.2 - 0.2 + 0.15;
    const slope = 1 - Math.tanh(z) ** 2;
    const g = [2 * slope, -slope, 0.5 * slope];
    const increase = await saliency(model, x, { target: regressionTarget(0) });
    assertClose(increase.map.data, g, { rtol: 1e-5 });
    const decrease = await saliency(model, x, { target: regressionTarget(0), gradModifier: 'negate' });
    assertClose(decrease.map.data, g.map((v) => -v), { rtol: 1e-5 });
    const maintain = await saliency(model, x, { target: regressionTarget(0), gradModifier: 'small_values' });
    assertClose(maintain.map.data, g.map((v) => Math.abs(1 / (v + 1e-7))), { rtol: 1e-5 });
    assert.equal(increase.meta.softmax.removedFrom.length, 0);
  });

  test('a class target on a non-softmax output explains the raw output', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [2], activation: 'sigmoid' })] });
    model.setWeights([tf.tensor2d([[1, 0], [0, 1]]), tf.zeros([2])]);
    const result = await saliency(model, tf.zeros([1, 2]), { target: classTarget(0) });
    assertClose(result.map.data, [0.25, 0]);
  });
});
