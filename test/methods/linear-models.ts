// Models whose outputs are known linear functions of the input, for closed-form checks of the
// perturbation methods.
import * as tf from '@tensorflow/tfjs';

/** f_k(x) = sum_p kernel[p][k] * x_p + bias[k] over a sample of `shape` (flattened row-major). */
export function linearModel(shape: number[], kernel: number[][], bias?: number[]): tf.LayersModel {
  const model = tf.sequential();
  const units = (kernel[0] as number[]).length;
  if (shape.length > 1) model.add(tf.layers.flatten({ inputShape: shape }));
  model.add(tf.layers.dense({ units, useBias: bias !== undefined, ...(shape.length > 1 ? {} : { inputShape: shape }) }));
  const weights: tf.Tensor[] = [tf.tensor2d(kernel)];
  if (bias) weights.push(tf.tensor1d(bias));
  model.layers[model.layers.length - 1]?.setWeights(weights);
  weights.forEach((w) => w.dispose());
  return model;
}

/** The pixel-sum model: one output, the sum of every input value. */
export function sumModel(shape: number[]): tf.LayersModel {
  const size = shape.reduce((a, b) => a * b, 1);
  return linearModel(shape, Array.from({ length: size }, () => [1]));
}

/** 1, 2, ..., n as an array of the given shape (batch axis included). */
export function countingInput(shape: number[]): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Array.from({ length: size }, (_, i) => i + 1), shape);
}
