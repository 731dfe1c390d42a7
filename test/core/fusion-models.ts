import * as tf from '@tensorflow/tfjs';
import { seedWeights, seededValues } from '../support/tensors.ts';

/**
 * Every fusion case in one functional model (12x12x3 -> 3 classes, softmax):
 * - conv (no bias) -> BN (epsilon 0.01) -> ReLU(6): fused, relu6;
 * - depthwise (multiplier 2, stride 2, valid, bias) -> BN -> Activation('relu'): fused, relu;
 * - conv (bias) -> BN whose output is read twice (ReLU and Activation('relu6')): fused, linear;
 * - conv 1x1 whose output is read twice (BN and an add): not fused;
 * - max pool -> BN: not after a conv, left alone.
 */
export function fusionCaseModel(): tf.LayersModel {
  const input = tf.input({ shape: [12, 12, 3], name: 'pixels' });
  const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) => layer.apply(x) as tf.SymbolicTensor;
  let x = apply(tf.layers.conv2d({ filters: 6, kernelSize: 3, padding: 'same', useBias: false, name: 'conv_a' }), input);
  x = apply(tf.layers.batchNormalization({ epsilon: 0.01, name: 'bn_a' }), x);
  x = apply(tf.layers.reLU({ maxValue: 6, name: 'relu6_a' }), x);
  x = apply(tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, strides: 2, name: 'dw_b' }), x);
  x = apply(tf.layers.batchNormalization({ name: 'bn_b' }), x);
  x = apply(tf.layers.activation({ activation: 'relu', name: 'relu_b' }), x);
  const c = apply(tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'conv_c' }), x);
  const normed = apply(tf.layers.batchNormalization({ name: 'bn_c' }), c);
  x = apply(tf.layers.add({ name: 'add_c' }), [
    apply(tf.layers.reLU({ name: 'relu_c' }), normed),
    apply(tf.layers.activation({ activation: 'relu6', name: 'relu6_c' }), normed),
  ]);
  const d = apply(tf.layers.conv2d({ filters: 4, kernelSize: 1, name: 'conv_d' }), x);
  x = apply(tf.layers.add({ name: 'add_d' }), [apply(tf.layers.batchNormalization({ name: 'bn_d' }), d), d]);
  x = apply(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool_e' }), x);
  x = apply(tf.layers.batchNormalization({ name: 'bn_e' }), x);
  x = apply(tf.layers.globalAveragePooling2d({ name: 'gap' }), x);
  const out = apply(tf.layers.dense({ units: 3, activation: 'softmax', name: 'probs' }), x);
  const model = tf.model({ inputs: input, outputs: out, name: 'fusion_cases' });
  seedWeights(model, 3, 0.6);
  return model;
}

/**
 * A small Keras-style MobileNet (conv s2 -> BN -> ReLU6, depthwise -> BN -> ReLU6, conv 1x1 -> BN ->
 * ReLU6) with a pooling and softmax head around it: as the first layer of a Sequential, as Teachable
 * Machine builds it (tfjs-layers then runs the inner layers as part of the Sequential's graph), or
 * called as a layer of a functional model (run as a nested model).
 */
export function nestedMobileNet(nesting: 'sequential' | 'functional' = 'sequential'): tf.LayersModel {
  const input = tf.input({ shape: [10, 10, 3] });
  const block = (x: tf.SymbolicTensor, conv: tf.layers.Layer, name: string): tf.SymbolicTensor => {
    const normed = tf.layers.batchNormalization({ epsilon: 1e-3, name: `${name}_bn` }).apply(conv.apply(x)) as tf.SymbolicTensor;
    return tf.layers.reLU({ maxValue: 6, name: `${name}_relu` }).apply(normed) as tf.SymbolicTensor;
  };
  let x = block(input, tf.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', useBias: false, name: 'conv1' }), 'conv1');
  x = block(x, tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', useBias: false, name: 'conv_dw_1' }), 'conv_dw_1');
  x = block(x, tf.layers.conv2d({ filters: 12, kernelSize: 1, useBias: false, name: 'conv_pw_1' }), 'conv_pw_1');
  const mobilenet = tf.model({ inputs: input, outputs: x, name: 'mobilenet' });
  const pool = tf.layers.globalAveragePooling2d({ name: 'pool' });
  const head = tf.layers.dense({ units: 4, activation: 'softmax', name: 'probs' });
  let model: tf.LayersModel;
  if (nesting === 'sequential') {
    model = tf.sequential({ name: 'teachable', layers: [mobilenet, pool, head] });
  } else {
    const outer = tf.input({ shape: [10, 10, 3] });
    const features = mobilenet.apply(outer) as tf.SymbolicTensor;
    model = tf.model({ inputs: outer, outputs: head.apply(pool.apply(features)) as tf.SymbolicTensor, name: 'wrapped' });
  }
  seedWeights(model, 9, 0.8);
  return model;
}

/** conv (bias, dilation 2) -> BN -> ReLU -> flatten -> dense: stock TF.js has no dilated conv gradient, the engine has. */
export function dilatedConvModel(): tf.LayersModel {
  const model = tf.sequential({ name: 'dilated', layers: [
    tf.layers.conv2d({ inputShape: [9, 9, 2], filters: 3, kernelSize: 3, dilationRate: 2, padding: 'same', name: 'conv' }),
    tf.layers.batchNormalization({ epsilon: 0.005, name: 'bn' }),
    tf.layers.reLU({ name: 'relu' }),
    tf.layers.flatten({}),
    tf.layers.dense({ units: 2, name: 'out' }),
  ] });
  seedWeights(model, 5, 0.6);
  return model;
}

/**
 * conv -> BN -> ReLU6 -> flatten -> dense, weights seeded by name, the BN with neither beta nor gamma
 * (center and scale false) or with beta = 0 and gamma = 1, so both variants compute the same
 * function. (Stock TF.js cannot differentiate a BN without beta or gamma: its gradient reads them.)
 */
export function affineFreeModel(withAffine: boolean): tf.LayersModel {
  const model = tf.sequential({ name: withAffine ? 'unit_affine' : 'no_affine', layers: [
    tf.layers.conv2d({ inputShape: [7, 7, 2], filters: 3, kernelSize: 3, name: 'conv' }),
    tf.layers.batchNormalization({ center: withAffine, scale: withAffine, epsilon: 0.02, name: 'bn' }),
    tf.layers.reLU({ maxValue: 6, name: 'relu6' }),
    tf.layers.flatten({}),
    tf.layers.dense({ units: 2, name: 'out' }),
  ] });
  const weights = model.weights.map((w) => {
    const name = w.originalName;
    const shape = w.shape as number[];
    if (name.endsWith('gamma')) return tf.ones(shape);
    if (name.endsWith('beta')) return tf.zeros(shape);
    const seed = [...name].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7);
    const values = seededValues(shape.reduce((a, b) => a * b, 1), seed);
    return tf.tensor(name.endsWith('moving_variance') ? values.map((v) => 0.5 + Math.abs(v)) : values.map((v) => v * 1.5), shape);
  });
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}

/** Masking -> conv -> BN -> ReLU -> pool -> dense: a chain whose input carries a mask runs layer by layer. */
export function maskedInputModel(): tf.LayersModel {
  const model = tf.sequential({ name: 'masked', layers: [
    tf.layers.masking({ inputShape: [6, 6, 2], maskValue: 0 }),
    tf.layers.conv2d({ filters: 3, kernelSize: 3, name: 'conv' }),
    tf.layers.batchNormalization({ name: 'bn' }),
    tf.layers.reLU({ name: 'relu' }),
    tf.layers.globalAveragePooling2d({}),
    tf.layers.dense({ units: 2, name: 'out' }),
  ] });
  seedWeights(model, 13, 0.6);
  return model;
}

/** A seeded input batch in [0, scale). */
export function fusionInput(shape: number[], seed = 4, scale = 4): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(size);
  let state = seed;
  for (let i = 0; i < size; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    values[i] = (state / 2147483648) * scale;
  }
  return tf.tensor(values, shape);
}
