import * as tf from '@tensorflow/tfjs';
import { seedWeights } from './tensors.ts';

/** A tiny functional CNN: 8x8x3 -> conv(4, same, relu) -> conv(6, valid, relu) -> pool -> dense(5, softmax). */
export function tinyCnn(seed = 11): tf.LayersModel {
  const input = tf.input({ shape: [8, 8, 3], name: 'pixels' });
  const c1 = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv_a' }).apply(input);
  const c2 = tf.layers.conv2d({ filters: 6, kernelSize: 3, activation: 'relu', name: 'conv_b' }).apply(c1);
  const pooled = tf.layers.maxPooling2d({ poolSize: 2, name: 'pool' }).apply(c2);
  const flat = tf.layers.flatten({ name: 'flatten' }).apply(pooled);
  const out = tf.layers.dense({ units: 5, activation: 'softmax', name: 'probs' }).apply(flat) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out, name: 'tiny_cnn' });
  seedWeights(model, seed, 0.6);
  return model;
}

/** A seeded batch of images in [0, 1) for {@link tinyCnn}. */
export function tinyImages(batch = 3, seed = 5): tf.Tensor4D {
  return tf.tidy(() => {
    const values = new Float32Array(batch * 8 * 8 * 3);
    let state = seed;
    for (let i = 0; i < values.length; i++) {
      state = (state * 1103515245 + 12345) % 2147483648;
      values[i] = state / 2147483648;
    }
    return tf.tensor4d(values, [batch, 8, 8, 3]);
  });
}
