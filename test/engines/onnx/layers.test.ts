// Every Keras layer kind the ONNX engine lowers gives the TF.js cpu reference's maps within 1e-5
// relative: input gradients, gradients with respect to a layer, guided and rectified rules, and
// Grad-CAM (the captured activation and its gradient), on one tiny model per layer kind.
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { gradCam, saliency } from '../../../src/index.ts';
import { seedWeights } from '../../support/tensors.ts';
import { assertSameOnBothEngines, seededInput, useOnnxEngine } from './support.ts';

const onnx = useOnnxEngine();
type Apply = (x: tf.SymbolicTensor) => tf.SymbolicTensor;
const call = (layer: tf.layers.Layer): Apply => (x) => layer.apply(x) as tf.SymbolicTensor;

/** conv stem -> `body` -> probe conv (the Grad-CAM / wrt layer) -> pooled dense head. */
function modelWith(body: Apply, shape = [8, 8, 3]): tf.LayersModel {
  const input = tf.input({ shape });
  const stem = call(tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'stem' }))(input);
  const mid = body(stem);
  const probe = call(tf.layers.conv2d({ filters: 5, kernelSize: 3, padding: 'same', activation: 'relu', name: 'probe' }))(mid);
  const flat = call(tf.layers.flatten())(probe);
  const out = call(tf.layers.dense({ units: 3, activation: 'softmax' }))(flat);
  const model = tf.model({ inputs: input, outputs: out });
  seedWeights(model, 11, 0.6);
  return model;
}

const chain = (...layers: tf.layers.Layer[]): Apply => (x) => layers.reduce((acc, l) => call(l)(acc), x);

const CASES: Record<string, () => Apply> = {
  'conv2d same stride 2': () => chain(tf.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same' })),
  'conv2d valid stride 2, even kernel': () => chain(tf.layers.conv2d({ filters: 3, kernelSize: 2, strides: 2, padding: 'valid', activation: 'tanh' })),
  'depthwise stride 2, multiplier 2': () => chain(tf.layers.depthwiseConv2d({ kernelSize: 3, strides: 2, depthMultiplier: 2, padding: 'same' })),
  // TF.js's DepthwiseConv2D layer ignores dilationRate (its output is the undilated one): the ONNX lowering computes it the same way
  'depthwise configured with dilation 2': () => chain(tf.layers.depthwiseConv2d({ kernelSize: 3, dilationRate: 2, padding: 'valid' })),
  'separable conv': () => chain(tf.layers.separableConv2d({ filters: 5, kernelSize: 3, padding: 'same', activation: 'sigmoid' })),
  'batch norm (folded) + relu6': () => chain(tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }), tf.layers.batchNormalization(), tf.layers.reLU({ maxValue: 6 })),
  'batch norm alone + leaky relu': () => chain(tf.layers.batchNormalization(), tf.layers.leakyReLU({ alpha: 0.2 })),
  'activations: swish, relu6, hard sigmoid': () => chain(tf.layers.activation({ activation: 'swish' }), tf.layers.activation({ activation: 'relu6' }), tf.layers.activation({ activation: 'hardSigmoid' })),
  'max pool same 3/2': () => chain(tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' })),
  'average pool valid 2': () => chain(tf.layers.averagePooling2d({ poolSize: 2 })),
  'zero padding + cropping': () => chain(tf.layers.zeroPadding2d({ padding: [[1, 2], [0, 1]] }), tf.layers.cropping2D({ cropping: [[2, 1], [1, 0]] })),
  // batch 1: TF.js's cpu ResizeNearestNeighborGrad reads dy at the image's batch offset, wrong for
  // batch > 1 (autodiff.test.ts checks the batch-2 gradient against its closed form instead)
  'upsampling nearest (batch 1)': () => chain(tf.layers.maxPooling2d({ poolSize: 2 }), tf.layers.upSampling2d({ size: [2, 2] })),
  // channels in whole NCHWc blocks: the gates are blocked-layout masks (blocked-gates.ts)
  'blocked channels: conv 8 + batch norm + relu6, conv 16 relu': () => chain(
    tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same' }), tf.layers.batchNormalization(), tf.layers.reLU({ maxValue: 6 }),
    tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' })),
  'rescaling + dropout': () => chain(tf.layers.rescaling({ scale: 0.5, offset: -0.25 }), tf.layers.dropout({ rate: 0.5 })),
  'add + multiply + concatenate': () => (x) => {
    const a = call(tf.layers.conv2d({ filters: 4, kernelSize: 1, activation: 'relu' }))(x);
    const sum = call(tf.layers.add())([x, a] as unknown as tf.SymbolicTensor);
    const prod = call(tf.layers.multiply())([sum, a] as unknown as tf.SymbolicTensor);
    return call(tf.layers.concatenate())([prod, x] as unknown as tf.SymbolicTensor);
  },
};

for (const [name, body] of Object.entries(CASES)) {
  test(`ONNX = TF.js: ${name}`, async (t) => {
    if (onnx.skip()) return t.skip(String(onnx.skip()));
    const model = modelWith(body());
    const x = seededInput([name.includes('batch 1') ? 1 : 2, 8, 8, 3]);
    try {
      await assertSameOnBothEngines(`${name}: saliency`, (engine) => saliency(model, x, { engine }));
      await assertSameOnBothEngines(`${name}: guided`, (engine) => saliency(model, x, { engine, backpropModifier: 'guided' }));
      await assertSameOnBothEngines(`${name}: rectified`, (engine) => saliency(model, x, { engine, backpropModifier: 'rectified' }));
      await assertSameOnBothEngines(`${name}: wrt stem`, (engine) => saliency(model, x, { engine, wrt: 'stem' }));
      await assertSameOnBothEngines(`${name}: grad-cam`, (engine) => gradCam(model, x, { engine, layer: 'probe', upsample: 'none' }));
    } finally {
      x.dispose();
      model.dispose();
    }
  });
}

test('ONNX = TF.js: dense layers on rank-2 and rank-3 inputs, softmax kept', async (t) => {
  if (onnx.skip()) return t.skip(String(onnx.skip()));
  const input = tf.input({ shape: [4, 6] });
  const h = call(tf.layers.dense({ units: 5, activation: 'relu', name: 'h' }))(input);
  const flat = call(tf.layers.flatten())(h);
  const out = call(tf.layers.dense({ units: 3, activation: 'softmax' }))(flat);
  const model = tf.model({ inputs: input, outputs: out });
  seedWeights(model, 5, 0.7);
  const x = seededInput([3, 4, 6]);
  try {
    await assertSameOnBothEngines('dense', (engine) => saliency(model, x, { engine }));
    await assertSameOnBothEngines('dense, softmax kept', (engine) => saliency(model, x, { engine, softmax: 'keep' }));
    await assertSameOnBothEngines('dense wrt h', (engine) => saliency(model, x, { engine, wrt: 'h' }));
  } finally {
    x.dispose();
    model.dispose();
  }
});
