// Guided Backprop and Deconvnet on keras-vis's two-unit table model: out = -relu(-x1 - x2) + relu(x1 + x2).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { deconvnet, deconvnetMethod, guidedBackprop, guidedBackpropMethod } from '../../src/index.ts';
import { assertClose } from '../support/assert-close.ts';
import { useCpu } from '../support/backend.ts';
import { withoutLeaks } from '../support/tensors.ts';

function tableModel(): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 2, inputShape: [2], useBias: false, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 1, useBias: false }));
  model.layers[0]?.setWeights([tf.tensor2d([[-1, 1], [-1, 1]])]);
  model.layers[1]?.setWeights([tf.tensor2d([[-1], [1]])]);
  return model;
}

const xs = [[0, 0], [1, 0], [1, 1], [-1, 0], [-1, -1]];
// Guided: dy at the hidden layer is [-1, 1]; only unit 2 passes (dy > 0), and only where x1 + x2 > 0.
const guided = [[0, 0], [1, 1], [1, 1], [0, 0], [0, 0]];

before(useCpu);

describe('guided backprop and deconvnet', () => {
  const model = tableModel();
  const x = tf.tensor2d(xs);

  test('guided backprop passes positive gradients through open ReLUs only', async () => {
    const result = await withoutLeaks(() => guidedBackprop(model, x, { target: 0 }));
    assert.deepEqual(Array.from(result.map.data), guided.flat());
    assert.equal(result.meta.method, 'guided-backprop');
    assert.equal(result.meta.backpropModifier, 'guided');
  });

  test('deconvnet passes positive gradients whatever the ReLU input', async () => {
    const result = await withoutLeaks(() => deconvnet(model, x, { target: 0 }));
    assert.deepEqual(Array.from(result.map.data), xs.flatMap(() => [1, 1]));
    assert.equal(result.meta.method, 'deconvnet');
    assert.equal(result.meta.backpropModifier, 'rectified');
  });

  test('registry entries take saliency options but not a backprop modifier', async () => {
    const negated = await guidedBackpropMethod.run(model, x, { target: 0, gradModifier: 'negate' });
    assertClose(negated.map.data, guided.flat().map((v) => -v), { atol: 0 });
    await assert.rejects(deconvnetMethod.run(model, x, { backpropModifier: 'guided' }), /backpropModifier: deconvnet sets it to 'rectified'/);
  });
});
