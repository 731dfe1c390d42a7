import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setupBackend } from '../../src/engines/wasm/node/index.ts';
import { pathCounts, resetPathCounts } from '../../src/engines/wasm/path-counts.ts';
import { assertSameOnWasmAndCpu, relativeError, seededValues, valuesOn } from './compare.ts';
import { mixedCnn, relu6Cnn, reluCnn } from './models.ts';

const models: tf.LayersModel[] = [];
before(async () => {
  await setupBackend({ backend: 'wasm', threads: 1 });
});
after(() => models.forEach((m) => m.dispose()));

function build(make: () => tf.LayersModel): tf.LayersModel {
  const model = make();
  models.push(model);
  return model;
}

/** The saliency computation: gradient of sum(output * target weights) with respect to the input batch. */
function inputGradient(model: tf.LayersModel, batch = 2): tf.Tensor {
  const shape = [batch, ...(model.inputs[0]?.shape.slice(1) as number[])];
  const x = tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), 21), shape);
  const outputs = (model.outputs[0]?.shape[1] ?? 1) as number;
  const target = tf.tensor(seededValues(batch * outputs, 22), [batch, outputs]);
  return tf.grad((input: tf.Tensor) => tf.sum(tf.mul(model.predict(input) as tf.Tensor, target)))(x);
}

test('input gradients of tf.layers CNNs on the fast wasm path match cpu (fused conv/depthwise/dense, BN, relu6 layer, maxpool)', async () => {
  for (const [name, make] of Object.entries({ mixedCnn, reluCnn, relu6Cnn })) {
    const model = build(make);
    resetPathCounts();
    await assertSameOnWasmAndCpu(name, () => inputGradient(model));
    const paths = pathCounts();
    assert.ok((paths['fused:FusedConv2D'] ?? 0) > 0, `${name}: fused conv path not taken: ${JSON.stringify(paths)}`);
    assert.deepEqual(Object.keys(paths).filter((p) => p.startsWith('cpu:')), [], `${name}: unexpected cpu fallbacks`);
  }
});

test('training gradients (every weight) of a tf.layers CNN match cpu on wasm', async () => {
  const model = build(mixedCnn);
  const x = tf.tensor(seededValues(2 * 12 * 12 * 3, 30), [2, 12, 12, 3]);
  const labels = tf.oneHot([0, 2], 3);
  const compute = () => {
    const { grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(labels, model.predict(x) as tf.Tensor) as tf.Scalar,
      model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val));
    return Object.values(grads);
  };
  await assertSameOnWasmAndCpu('mixedCnn weight gradients', compute);
  tf.dispose([x, labels]);
});

/** A guided-backprop style override, registered the way the core library does it. */
function withGuidedRelu<T>(fn: () => T): T {
  const saved = ['Relu', 'Relu6'].map((k) => tf.getGradient(k) as tf.GradConfig);
  const guided = (kernelName: string, upper: number): tf.GradConfig => ({
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, [x]) => ({
      x: () => {
        const open = tf.mul(tf.step(x as tf.Tensor), tf.cast(tf.lessEqual(x as tf.Tensor, upper), 'float32'));
        return tf.mul(tf.mul(dy as tf.Tensor, tf.step(dy as tf.Tensor)), open);
      },
    }),
  });
  try {
    tf.registerGradient(guided('Relu', Infinity));
    tf.registerGradient(guided('Relu6', 6));
    return fn();
  } finally {
    saved.forEach((config) => tf.registerGradient(config));
  }
}

test('a temporary Relu/Relu6 gradient override acts on fused wasm layers as on cpu, and is gone after', async () => {
  for (const [name, make] of Object.entries({ reluCnn, relu6Cnn, mixedCnn })) {
    const model = build(make);
    const guidedCpu = await valuesOn('cpu', () => withGuidedRelu(() => inputGradient(model)));
    const guidedWasm = await valuesOn('wasm', () => withGuidedRelu(() => inputGradient(model)));
    const error = relativeError(guidedWasm[0] as Float32Array, guidedCpu[0] as Float32Array);
    assert.ok(error < 1e-4, `${name}: guided gradient on wasm differs from cpu: ${error}`);
    const plainWasm = await valuesOn('wasm', () => inputGradient(model));
    const plainCpu = await valuesOn('cpu', () => inputGradient(model));
    assert.ok(relativeError(plainWasm[0] as Float32Array, plainCpu[0] as Float32Array) < 1e-4, `${name}: plain gradient after the override`);
    assert.ok(relativeError(plainWasm[0] as Float32Array, guidedWasm[0] as Float32Array) > 1e-3, `${name}: the override changed nothing`);
  }
});
