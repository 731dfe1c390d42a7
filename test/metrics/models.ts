// Tiny models with closed-form behaviour for the metric tests.
import * as tf from '@tensorflow/tfjs';

/** f(x) = w . x (one output unit, no bias, no activation) over inputs of shape [w.length]. */
export function linearModel(w: readonly number[]): tf.LayersModel {
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [w.length], units: 1, useBias: false, name: 'linear' })] });
  const kernel = tf.tensor2d([...w], [w.length, 1]);
  model.setWeights([kernel]);
  kernel.dispose();
  return model;
}
