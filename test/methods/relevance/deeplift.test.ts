// DeepLIFT (Rescale) against closed forms: input x gradient on a linear model, hand-computed
// multipliers through one ReLU layer, summation-to-delta on a CNN with max pooling (also at a layer
// and on the wasm engine), and the scoped rules restored afterwards.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { deepLift } from '../../../src/methods/relevance/deeplift.ts';
import { DEEPLIFT_KERNELS } from '../../../src/methods/relevance/deeplift-rules.ts';
import { inputXGradient } from '../../../src/index.ts';
import { setupBackend } from '../../../src/engines/wasm/node/index.ts';
import { assertClose } from '../../support/assert-close.ts';
import { useCpu } from '../../support/backend.ts';
import { tinyCnn, tinyImages } from '../../support/models.ts';
import { seededValues, withoutLeaks } from '../../support/tensors.ts';
import { linearImageModel } from '../gradient-support/models.ts';
import { loadModel } from '../../../src/node/models/load-model.ts';

before(useCpu);

/** dense(2, relu) -> dense(1) with the given weights. */
function oneRelu(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 2, activation: 'relu', inputShape: [2] }));
  model.add(tf.layers.dense({ units: 1 }));
  model.layers[0]?.setWeights([tf.tensor2d([[1, -2], [3, 1]]), tf.tensor1d([0.5, 1])]);
  model.layers[1]?.setWeights([tf.tensor2d([[2], [-1]]), tf.tensor1d([0.25])]);
  return model;
}

function sums(data: Float32Array, batch: number): number[] {
  const size = data.length / batch;
  return Array.from({ length: batch }, (_, i) => data.subarray(i * size, (i + 1) * size).reduce((a, b) => a + b, 0));
}

describe('deepLift', () => {
  test('on a linear model with a zero baseline it equals input x gradient', async () => {
    const shape = [4, 4, 2] as const;
    const model = linearImageModel(shape, seededValues(32, 4), 0.3);
    const x = tf.tensor4d(seededValues(64, 9), [2, ...shape]);
    const lifted = await withoutLeaks(() => deepLift(model, x, { target: 0 }));
    const product = await inputXGradient(model, x, { target: 0 });
    assertClose(lifted.map.data, product.map.data, { atol: 1e-6 });
    x.dispose();
  });

  test('through one ReLU layer it equals the hand-computed multipliers', async () => {
    // x = (1, 2), x' = (0, 0): z = (1 + 6 + 0.5, -2 + 2 + 1) = (7.5, 1), z' = (0.5, 1), so
    // m = (relu(7.5) - relu(0.5)) / 7 = 1 for unit 0; unit 1 has z = z' (fallback: derivative 1).
    // Input i gets x_i * sum_j W1[i][j] m_j W2[j]: x0 (1*2 - 2*(-1)) = 4, x1 * 2 * (3*2 + 1*(-1)) = 10.
    // With x' = (-1, 0): z' = (-0.5, 3), m0 = (7.5 - 0) / 8, m1 = (1 - 3) / (1 - 3) = 1.
    const model = oneRelu();
    const x = tf.tensor2d([[1, 2], [1, 2]]);
    const baseline = tf.tensor2d([[0, 0], [-1, 0]]);
    const result = await withoutLeaks(() => deepLift(model, x, { target: 0, baseline }));
    const m0 = 7.5 / 8;
    assertClose(result.map.data, [4, 10, 2 * (2 * m0 + 2), 2 * (6 * m0 - 1)], { atol: 1e-6 });
    assertClose(result.meta.extra?.['delta'] as number[], [0, 0], { atol: 1e-5 });
    assert.deepEqual(result.meta.extra?.['rules'], { Relu: 1 });
    tf.dispose([x, baseline]);
  });

  test('summation-to-delta holds to 1e-5 on a CNN with max pooling, at the input and at a layer', async () => {
    const model = tinyCnn();
    const x = tinyImages(3);
    const baseline = tf.fill([1, 8, 8, 3], 0.25);
    for (const wrt of [undefined, 'conv_b']) {
      const result = await withoutLeaks(() => deepLift(model, x, { target: 2, baseline, ...(wrt ? { wrt } : {}) }));
      const base = result.meta.extra?.['baselineScores'] as number[];
      const expected = result.meta.scores.map((s, i) => s - (base[i] as number));
      assertClose(sums(result.map.data, 3), expected, { atol: 1e-5 });
      for (const d of result.meta.extra?.['delta'] as number[]) assert.ok(Math.abs(d) < 1e-5, `delta ${d}`);
      const rules = result.meta.extra?.['rules'] as Record<string, number>;
      // conv_b's output is after both ReLUs: at that layer only the max pooling is left to rescale.
      assert.ok((rules['MaxPool'] ?? 0) > 0 && (wrt !== undefined || (rules['Relu'] ?? 0) > 0), JSON.stringify(rules));
    }
    tf.dispose([x, baseline]);
  });

  test('the same maps on the wasm engine (fused conv + relu kernels) and in chunks', async () => {
    const model = tinyCnn();
    const x = tinyImages(3);
    const onCpu = await deepLift(model, x, { target: 1 });
    const chunked = await deepLift(model, x, { target: 1, internalBatchSize: 4 });
    assertClose(chunked.map.data, onCpu.map.data, { atol: 1e-6 });
    await setupBackend({ backend: 'wasm' });
    try {
      const onWasm = await withoutLeaks(() => deepLift(model, x, { target: 1 }));
      assertClose(onWasm.map.data, onCpu.map.data, { atol: 1e-5, rtol: 1e-3 });
    } finally {
      await useCpu();
    }
    x.dispose();
  });

  test('ReLU6 layers (relu then clipByValue, or folded after a BatchNorm) keep summation-to-delta on cpu and wasm', async () => {
    const input = tf.input({ shape: [6, 6, 2] });
    const conv = tf.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same', useBias: false }).apply(input);
    const folded = tf.layers.reLU({ maxValue: 6 }).apply(tf.layers.batchNormalization({}).apply(conv));
    const residual = tf.layers.reLU({ maxValue: 6 }).apply(tf.layers.add().apply([folded, input] as tf.SymbolicTensor[]));
    const out = tf.layers.dense({ units: 3 }).apply(tf.layers.flatten().apply(residual)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    model.layers.forEach((layer, i) => {
      const positive = layer.getClassName() === 'BatchNormalization';
      layer.setWeights(layer.getWeights().map((w, j) => (positive ? tf.fill(w.shape, [1.5, 0.5, 0.1, 0.5][j] as number) : tf.mul(tf.randomNormal(w.shape, 0, 1, 'float32', 10 * i + j), 3))));
    });
    const x = tf.mul(tinyImages(2, 4).slice([0, 0, 0, 0], [2, 6, 6, 2]), 8);
    const onCpu = await deepLift(model, x, { target: 0 });
    for (const d of onCpu.meta.extra?.['delta'] as number[]) assert.ok(Math.abs(d) < 1e-4, `cpu delta ${d}`);
    assert.ok(((onCpu.meta.extra?.['rules'] as Record<string, number>)['ClipByValue'] ?? 0) > 0);
    await setupBackend({ backend: 'wasm' });
    try {
      const onWasm = await withoutLeaks(() => deepLift(model, x, { target: 0 }));
      for (const d of onWasm.meta.extra?.['delta'] as number[]) assert.ok(Math.abs(d) < 1e-4, `wasm delta ${d}`);
      assertClose(onWasm.map.data, onCpu.map.data, { atol: 1e-4, rtol: 1e-3 });
    } finally {
      await useCpu();
    }
    x.dispose();
  });

  test('a graph model gives the layers model\'s maps (softmax kept: Captum\'s softmax rule on both)', async () => {
    const fixtures = new URL('../../fixtures/models/tiny-cnn/', import.meta.url).pathname;
    const graph = (await loadModel(`${fixtures}graph/model.json`)).model;
    const layers = (await loadModel(`${fixtures}layers/model.json`)).model;
    assert.ok(graph instanceof tf.GraphModel);
    const x = tf.randomUniform([2, ...((graph.inputs[0]?.shape ?? []).slice(1) as number[])], 0, 1, 'float32', 4);
    const fromGraph = await withoutLeaks(() => deepLift(graph, x, { target: 1, softmax: 'keep', baseline: 0.5 }));
    const fromLayers = await deepLift(layers, x, { target: 1, softmax: 'keep', baseline: 0.5 });
    assertClose(fromGraph.map.data, fromLayers.map.data, { atol: 1e-6, rtol: 1e-4 });
    assert.ok(((fromGraph.meta.extra?.['rules'] as Record<string, number>)['Softmax'] ?? 0) > 0);
    x.dispose();
  });

  test('restores every kernel gradient it replaced', async () => {
    const before = DEEPLIFT_KERNELS.map((k) => tf.getGradient(k));
    await deepLift(tinyCnn(), tinyImages(1), { target: 0 });
    DEEPLIFT_KERNELS.forEach((k, i) => assert.equal(tf.getGradient(k), before[i], k));
  });

  test('refuses a backprop modifier', async () => {
    await assert.rejects(deepLift(oneRelu(), tf.ones([1, 2]), { backpropModifier: 'guided' } as never), /backpropModifier: deep-lift passes relevance back by its own rules/);
  });
});
