import * as tf from '@tensorflow/tfjs';
import { seedWeights } from '../../support/tensors.ts';

/** y = act(x . w + b), one output unit, for closed forms. */
export function singleUnit(w: readonly number[], b: number, activation: 'linear' | 'tanh' = 'linear'): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 1, inputShape: [w.length], activation }));
  model.layers[0]?.setWeights([tf.tensor2d(w as number[], [w.length, 1]), tf.tensor1d([b])]);
  return model;
}

/** A linear model on images: y = sum(x * w) + b over an [h, w, c] input. */
export function linearImageModel(shape: readonly [number, number, number], weights: Float32Array, bias = 0): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: [...shape] }));
  model.add(tf.layers.dense({ units: 1 }));
  model.layers[1]?.setWeights([tf.tensor2d(weights, [weights.length, 1]), tf.tensor1d([bias])]);
  return model;
}

/** A smooth classifier: dense tanh hidden layer, 3 logits, seeded weights. */
export function smoothClassifier(features: number, seed = 3): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 8, inputShape: [features], activation: 'tanh' }));
  model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
  seedWeights(model, seed, 1);
  return model;
}

/** A dense classifier on [h, w, c] images: flatten, 8 tanh units, 3 softmax logits, seeded weights. */
export function denseImageClassifier(shape: readonly [number, number, number], seed = 6): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.flatten({ inputShape: [...shape] }));
  model.add(tf.layers.dense({ units: 8, activation: 'tanh' }));
  model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
  seedWeights(model, seed, 0.5);
  return model;
}

/** A tiny CNN on [h, w, c] images with ReLUs and a softmax head, seeded weights. */
export function tinyCnn(shape: readonly [number, number, number], seed = 5): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({ inputShape: [...shape], filters: 4, kernelSize: 3, activation: 'relu' }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 3, activation: 'softmax' }));
  seedWeights(model, seed, 0.5);
  return model;
}
