// Gradient graphs of lowered Keras models keep static shapes: reshapes back to an input's shape use
// constant targets (batch copied), global-pool gradients expand to a constant shape and MaxUnpool
// infers its size, so ORT's shape inference, which its NCHWc layout pass needs to keep the backward
// pass in its blocked layout (MobileNet v1: 72 -> 16 layout reorders per map), sees through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildGradientGraph, lowerModel } from '../../../src/index.ts';

test('the gradient graph of conv -> max pool -> global average pool -> dense reads no runtime shapes', async () => {
  await tf.setBackend('cpu');
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 8, 3], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: 3 }),
    ],
  });
  const lowered = lowerModel(model);
  const grad = buildGradientGraph(lowered.graph, { of: lowered.outputs, seeds: ['seed'], wrt: lowered.inputs });
  const ops = grad.graph.nodes.map((n) => n.op);
  assert.ok(!ops.includes('Shape'), `no Shape node (ops: ${ops.join(' ')})`);
  const unpool = grad.graph.nodes.find((n) => n.op === 'MaxUnpool');
  assert.equal(unpool?.inputs.length, 2, 'MaxUnpool infers its output size (8 = (4 - 1) * 2 + 2)');
  model.dispose();
});
