// Small models whose CAM-layer activations and gradients are known in closed form, for the CAM tests.
import * as tf from '@tensorflow/tfjs';
import { seededValues } from '../support/tensors.ts';

/**
 * input [size, size, channels] -> 'features' (average pooling by `pool`, or the identity when
 * pool = 1) -> flatten -> dense 'logits' (units, kernel[p][u], bias) -> softmax 'probs'. With the
 * softmax removed the score of class u is sum_p kernel[p][u] * A_p + bias[u], so the gradient at
 * 'features' is kernel[:, u] in the layer's shape [h, w, channels] (flattened row-major).
 */
export function linearHeadModel(size: number, channels: number, pool: number, kernel: number[][], bias: number[]): tf.LayersModel {
  const input = tf.input({ shape: [size, size, channels], name: 'pixels' });
  const features =
    pool === 1
      ? tf.layers.activation({ activation: 'linear', name: 'features' }).apply(input)
      : tf.layers.averagePooling2d({ poolSize: pool, name: 'features' }).apply(input);
  const flat = tf.layers.flatten({ name: 'flatten' }).apply(features);
  const logits = tf.layers.dense({ units: bias.length, name: 'logits' }).apply(flat);
  const probs = tf.layers.softmax({ name: 'probs' }).apply(logits) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: probs, name: 'linear_head' });
  const weights = [tf.tensor2d(kernel), tf.tensor1d(bias)];
  model.getLayer('logits').setWeights(weights);
  tf.dispose(weights);
  return model;
}

/** A seeded kernel [features][units] with values in [-scale, scale). */
export function seededKernel(features: number, units: number, seed: number, scale = 1): number[][] {
  const values = seededValues(features * units, seed);
  return Array.from({ length: features }, (_, p) => Array.from({ length: units }, (_, u) => (values[p * units + u] as number) * scale));
}

/** Column `unit` of `kernel`. */
export function column(kernel: number[][], unit: number): number[] {
  return kernel.map((row) => row[unit] as number);
}

/** Seeded values in [0, 1) of the given shape, as a tensor. */
export function seededImages(shape: number[], seed: number): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from(seededValues(size, seed), (v) => (v + 1) / 2), shape);
}

/** The softmax of `logits`. */
export function softmax(logits: readonly number[]): number[] {
  const top = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - top));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/** sum_p kernel[p][u] * values[p] + bias[u] for every unit u. */
export function linearScores(values: ArrayLike<number>, kernel: number[][], bias: readonly number[]): number[] {
  return bias.map((b, u) => kernel.reduce((sum, row, p) => sum + (row[u] as number) * (values[p] as number), b));
}
