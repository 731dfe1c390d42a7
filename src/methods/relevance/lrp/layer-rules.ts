/**
 * How relevance crosses each kind of layer (zennit's layer map): linear layers by the composite's
 * rule; activations, dropout and folded BatchNormalizations pass it through; sums and averages
 * (Add, Average, average pooling) share it in proportion to each input's contribution (zennit's
 * Norm); layers that only move or select values (Flatten, Reshape, padding, concatenation, max
 * pooling: winner takes all) route it where the gradient goes. Any other layer is an error.
 */
import * as tf from '@tensorflow/tfjs';
import { LINEAR_LAYERS } from './linear-layers.ts';
import { stabilize } from './linear-rules.ts';

/** How a layer kind passes relevance. */
export type LayerTreatment = 'linear' | 'norm' | 'pass' | 'route' | 'batch-norm';

const TREATMENTS: Readonly<Record<string, LayerTreatment>> = {
  ...Object.fromEntries(LINEAR_LAYERS.map((name) => [name, 'linear' as const])),
  BatchNormalization: 'batch-norm',
  ...Object.fromEntries(
    ['Activation', 'ReLU', 'LeakyReLU', 'ELU', 'Softmax', 'ThresholdedReLU', 'Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout'].map(
      (name) => [name, 'pass' as const],
    ),
  ),
  ...Object.fromEntries(['Add', 'Average', 'AveragePooling1D', 'AveragePooling2D', 'GlobalAveragePooling1D', 'GlobalAveragePooling2D'].map((name) => [name, 'norm' as const])),
  ...Object.fromEntries(
    ['Flatten', 'Reshape', 'Permute', 'ZeroPadding2D', 'Cropping2D', 'Concatenate', 'UpSampling2D', 'MaxPooling1D', 'MaxPooling2D', 'GlobalMaxPooling1D', 'GlobalMaxPooling2D'].map(
      (name) => [name, 'route' as const],
    ),
  ),
};

/** The layer class names LRP has a rule for. */
export const LRP_LAYERS: readonly string[] = Object.keys(TREATMENTS);

/** How `layer` passes relevance, or undefined when LRP has no rule for it. */
export function treatmentOf(layer: tf.layers.Layer): LayerTreatment | undefined {
  return TREATMENTS[layer.getClassName()];
}

function applyLayer(layer: tf.layers.Layer, xs: readonly tf.Tensor[]): tf.Tensor {
  return layer.apply(xs.length === 1 ? (xs[0] as tf.Tensor) : [...xs], { training: false }) as tf.Tensor;
}

/**
 * Relevance at each input of a parameter-free `layer` ('norm' or 'route') from relevance `r` at its
 * output: route gives the vector-Jacobian product with r; norm gives x_k times the product with
 * r / stabilize(z).
 */
export function parameterFreeRelevance(treatment: 'norm' | 'route', layer: tf.layers.Layer, xs: readonly tf.Tensor[], r: tf.Tensor, stabilizer: number): tf.Tensor[] {
  const upper = treatment === 'route' ? r : tf.div(r, stabilize(applyLayer(layer, xs), stabilizer));
  const grads = tf.grads((...inputs: tf.Tensor[]) => applyLayer(layer, inputs))([...xs], upper);
  return treatment === 'route' ? grads : grads.map((g, k) => tf.mul(g, xs[k] as tf.Tensor));
}
