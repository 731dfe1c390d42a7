// How many bytes one input costs while a gradient method runs: what the batch sizes are chosen from.
import * as tf from '@tensorflow/tfjs';
import { listLayers } from 'tfjs-saliency';

/**
 * Forward activations are kept for the backward pass, which makes a gradient of the same size per
 * layer, and kernels need scratch space about as large: three float32 copies of every activation.
 */
const COPIES_PER_ACTIVATION = 3;
/** Graph models do not declare their layers' shapes: assume the activations hold this many inputs' worth. */
const GRAPH_ACTIVATION_FACTOR = 64;

/**
 * Estimated bytes one input sample needs while the model runs forward and backward: the sum of the
 * layers' output sizes (layers models; nested models counted through their own layers), or a multiple
 * of the input size (graph models), times {@link COPIES_PER_ACTIVATION} float32 values.
 */
export function bytesPerSample(model: tf.LayersModel | tf.GraphModel, inputShape: readonly number[]): number {
  const inputValues = inputShape.reduce((a, b) => a * b, 1);
  let activations = GRAPH_ACTIVATION_FACTOR * inputValues;
  if (model instanceof tf.LayersModel) {
    activations = inputValues;
    for (const layer of listLayers(model)) {
      if (layer.isModel) continue;
      activations += layer.outputShape.slice(1).reduce<number>((a, b) => a * (typeof b === 'number' ? b : 1), 1);
    }
  }
  return 4 * COPIES_PER_ACTIVATION * activations;
}
