// The layers session 5 added to the ONNX engine give the TF.js cpu reference's maps within 1e-5
// relative: GlobalMaxPooling2D (gradient to every tied maximum, as tf.max), bilinear UpSampling2D
// (Resize linear, asymmetric coordinates, backward as two matrix products) and Conv1D (a 2-D Conv
// over a unit height), with input and layer gradients, guided and rectified rules and Grad-CAM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { gradCam, saliency } from '../../../src/index.ts';
import { interpolationMatrix } from '../../../src/engines/onnx/backward/resize-linear.ts';
import { seedWeights } from '../../support/tensors.ts';
import { assertSameOnBothEngines, seededInput, useOnnxEngine } from './support.ts';

const onnx = useOnnxEngine();

async function bothEngines(name: string, model: tf.LayersModel, x: tf.Tensor, layer: string, camLayer = layer): Promise<void> {
  try {
    await assertSameOnBothEngines(`${name}: saliency`, (engine) => saliency(model, x, { engine }));
    await assertSameOnBothEngines(`${name}: guided`, (engine) => saliency(model, x, { engine, backpropModifier: 'guided' }));
    await assertSameOnBothEngines(`${name}: rectified`, (engine) => saliency(model, x, { engine, backpropModifier: 'rectified' }));
    await assertSameOnBothEngines(`${name}: wrt ${layer}`, (engine) => saliency(model, x, { engine, wrt: layer }));
    await assertSameOnBothEngines(`${name}: grad-cam`, (engine) => gradCam(model, x, { engine, layer: camLayer, upsample: 'none' }));
  } finally {
    x.dispose();
    model.dispose();
  }
}

test('ONNX = TF.js: global max pooling, also with tied maxima (every tie takes the gradient, as tf.max)', async (t) => {
  if (onnx.skip()) return t.skip(String(onnx.skip()));
  const make = () => {
    const model = tf.sequential({ layers: [
      tf.layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv' }),
      tf.layers.globalMaxPooling2d({}), tf.layers.dense({ units: 2 }),
    ] });
    seedWeights(model, 4);
    return model;
  };
  await bothEngines('global max pool', make(), seededInput([2, 6, 6, 2]), 'conv');
  // a constant image: every position of a channel ties at the maximum
  await bothEngines('global max pool, ties', make(), tf.fill([1, 6, 6, 2], 0.5), 'conv');
});

// square inputs: TF.js's ResizeBilinear gradient swaps height and width when they differ (its own
// bug; the .onnx tests check a non-square bilinear resize against PyTorch autograd instead)
test('ONNX = TF.js: bilinear upsampling by 2 and by (3, 2)', async (t) => {
  if (onnx.skip()) return t.skip(String(onnx.skip()));
  for (const size of [[2, 2], [3, 2]]) {
    const model = tf.sequential({ layers: [
      tf.layers.conv2d({ inputShape: [4, 4, 2], filters: 3, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv' }),
      tf.layers.upSampling2d({ size, interpolation: 'bilinear' }),
      tf.layers.conv2d({ filters: 2, kernelSize: 3, activation: 'relu', name: 'probe' }),
      tf.layers.flatten(), tf.layers.dense({ units: 3 }),
    ] });
    seedWeights(model, 7, 0.6);
    await bothEngines(`bilinear ${size.join('x')}`, model, seededInput([2, 4, 4, 2]), 'conv', 'probe');
  }
});

// no dilation: TF.js's conv2D gradient refuses dilation rates above 1
test('ONNX = TF.js: Conv1D same and valid, strided', async (t) => {
  if (onnx.skip()) return t.skip(String(onnx.skip()));
  const model = tf.sequential({ layers: [
    tf.layers.conv1d({ inputShape: [12, 3], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'c1' }),
    tf.layers.conv1d({ filters: 5, kernelSize: 2, strides: 2, padding: 'valid', activation: 'tanh', name: 'c2' }),
    tf.layers.conv1d({ filters: 3, kernelSize: 4, padding: 'same', activation: 'relu', name: 'c3' }),
    tf.layers.flatten(), tf.layers.dense({ units: 2 }),
  ] });
  seedWeights(model, 9, 0.6);
  await bothEngines('conv1d', model, seededInput([2, 12, 3]), 'c1', 'c3');
});

test('linear interpolation weights: each row sums to 1; half-pixel 2x upsampling of 2 gives 0.75/0.25 inside, clamped at the ends', () => {
  const a = interpolationMatrix('half_pixel', 2, 4, 2);
  assert.deepEqual(Array.from(a), [1, 0, 0.75, 0.25, 0.25, 0.75, 0, 1]);
  const b = interpolationMatrix('asymmetric', 3, 7, 7 / 3);
  for (let r = 0; r < 7; r++) assert.ok(Math.abs(b.subarray(r * 3, r * 3 + 3).reduce((s, v) => s + v, 0) - 1) < 1e-6);
  assert.deepEqual(Array.from(interpolationMatrix('align_corners', 3, 5, 5 / 3)), [1, 0, 0, 0.5, 0.5, 0, 0, 1, 0, 0, 0.5, 0.5, 0, 0, 1]);
});
