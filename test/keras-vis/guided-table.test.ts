// keras-vis's own exact backprop-modifier table (reference/keras-vis-semantics.md), for both forms of
// the ReLU (a layer's activation, and a separate layer), with plain, guided and rectified gradients.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { saliency } from '../../src/index.ts';
import { useCpu } from '../support/backend.ts';
import { withoutLeaks } from '../support/tensors.ts';

function tableModel(form: 'activation' | 'layer'): tf.LayersModel {
  const model = tf.sequential();
  if (form === 'activation') {
    model.add(tf.layers.dense({ units: 2, inputShape: [2], useBias: false, activation: 'relu' }));
  } else {
    model.add(tf.layers.dense({ units: 2, inputShape: [2], useBias: false }));
    model.add(tf.layers.reLU());
  }
  model.add(tf.layers.dense({ units: 1, useBias: false }));
  model.layers[0]?.setWeights([tf.tensor2d([[-1, 1], [-1, 1]])]);
  model.layers[model.layers.length - 1]?.setWeights([tf.tensor2d([[-1], [1]])]);
  return model;
}

const rows: Array<{ x: [number, number]; plain: [number, number]; guided: [number, number] }> = [
  { x: [0, 0], plain: [0, 0], guided: [0, 0] },
  { x: [1, 0], plain: [1, 1], guided: [1, 1] },
  { x: [0, 1], plain: [1, 1], guided: [1, 1] },
  { x: [1, 1], plain: [1, 1], guided: [1, 1] },
  { x: [-1, 0], plain: [1, 1], guided: [0, 0] },
  { x: [0, -1], plain: [1, 1], guided: [0, 0] },
  { x: [-1, -1], plain: [1, 1], guided: [0, 0] },
];

before(useCpu);

for (const form of ['activation', 'layer'] as const) {
  describe(`keras-vis table, ReLU as ${form}`, () => {
    const model = tableModel(form);
    const x = tf.tensor2d(rows.map((r) => r.x));

    test('plain gradient', async () => {
      const result = await withoutLeaks(() => saliency(model, x, { target: 0 }));
      assert.deepEqual(Array.from(result.map.data), rows.flatMap((r) => r.plain));
    });

    test('guided gradient', async () => {
      const result = await withoutLeaks(() => saliency(model, x, { target: 0, backpropModifier: 'guided' }));
      assert.deepEqual(Array.from(result.map.data), rows.flatMap((r) => r.guided));
      assert.equal(result.meta.backpropModifier, 'guided');
    });

    test('rectified gradient passes positive dy whatever the forward sign', async () => {
      // out = -relu(-x1-x2) + relu(x1+x2): dy at the hidden layer is [-1, 1], so the rectified rule keeps
      // only the second unit's path: d/dx = [1, 1] * 1 for every x.
      for (const alias of ['rectified', 'relu', 'deconv'] as const) {
        const result = await withoutLeaks(() => saliency(model, x, { target: 0, backpropModifier: alias }));
        assert.deepEqual(Array.from(result.map.data), rows.flatMap(() => [1, 1]), alias);
      }
    });
  });
}

describe('ReLU6 (MobileNet) under the backprop modifiers; LeakyReLU keeps its gradient', () => {
  function model(activation: 'relu6' | 'leaky', head: number[]): tf.LayersModel {
    const m = tf.sequential();
    if (activation === 'relu6') m.add(tf.layers.dense({ units: 3, inputShape: [3], useBias: false, activation: 'relu6' }));
    else {
      m.add(tf.layers.dense({ units: 3, inputShape: [3], useBias: false }));
      m.add(tf.layers.leakyReLU({ alpha: 0.1 }));
    }
    m.add(tf.layers.dense({ units: 1, useBias: false }));
    m.layers[0]?.setWeights([tf.eye(3)]);
    m.layers[m.layers.length - 1]?.setWeights([tf.tensor2d(head, [3, 1])]);
    return m;
  }
  const x = tf.tensor2d([[-1, 3, 8]]);

  test('plain, guided and rectified through relu6', async () => {
    const up = model('relu6', [1, 1, 1]);
    assert.deepEqual(Array.from((await saliency(up, x, { target: 0 })).map.data), [0, 1, 0]);
    assert.deepEqual(Array.from((await saliency(up, x, { target: 0, backpropModifier: 'guided' })).map.data), [0, 1, 0]);
    // tfjs-layers computes 'relu6' as min(6, relu(x)): the rectifier is modified, the cap at 6 keeps its gate.
    assert.deepEqual(Array.from((await saliency(up, x, { target: 0, backpropModifier: 'rectified' })).map.data), [1, 1, 0]);
    const mixed = model('relu6', [1, -1, 1]);
    assert.deepEqual(Array.from((await saliency(mixed, x, { target: 0 })).map.data), [0, -1, 0]);
    assert.deepEqual(Array.from((await saliency(mixed, x, { target: 0, backpropModifier: 'guided' })).map.data), [0, 0, 0]);
  });

  test('LeakyReLU is not a rectifier: guided leaves its gradient as it is', async () => {
    const leaky = model('leaky', [1, -1, 1]);
    const plain = Array.from((await saliency(leaky, x, { target: 0 })).map.data);
    const guided = Array.from((await saliency(leaky, x, { target: 0, backpropModifier: 'guided' })).map.data);
    assert.deepEqual(guided, plain);
    assert.deepEqual(plain.map((v) => Math.round(v * 100) / 100), [0.1, -1, 1]);
  });
});

test('a Relu6 kernel (tf.relu6) gives the same maps as the relu6 activation under every rule', async () => {
  class Relu6Layer extends tf.layers.Layer {
    static className = 'Relu6Layer';
    override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
      return tf.relu6(Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs);
    }
  }
  const viaKernel = tf.sequential({
    layers: [tf.layers.dense({ units: 3, inputShape: [3], useBias: false, kernelInitializer: 'identity' }), new Relu6Layer({}), tf.layers.dense({ units: 1, useBias: false })],
  });
  const viaActivation = tf.sequential({
    layers: [tf.layers.dense({ units: 3, inputShape: [3], useBias: false, kernelInitializer: 'identity', activation: 'relu6' }), tf.layers.dense({ units: 1, useBias: false })],
  });
  for (const m of [viaKernel, viaActivation]) m.layers[m.layers.length - 1]?.setWeights([tf.tensor2d([1, -1, 1], [3, 1])]);
  const x = tf.tensor2d([[-1, 3, 8]]);
  for (const backpropModifier of [null, 'guided', 'rectified'] as const) {
    const a = await saliency(viaKernel, x, { target: 0, backpropModifier });
    const b = await saliency(viaActivation, x, { target: 0, backpropModifier });
    assert.deepEqual(Array.from(a.map.data), Array.from(b.map.data), String(backpropModifier));
  }
});
