/**
 * How many bytes one input costs while a method runs forward and backward, and how many inputs a
 * batch may hold within a memory budget: what the explorer and the CLI choose batch sizes
 * (internalBatchSize, samplesBatchSize, perturbationsPerEval, batchSize) from when none is given.
 */
import * as tf from '@tensorflow/tfjs';
import { listLayers } from './layers.ts';

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

/** Method options that set how many inputs go through the model at once (their names in the registry). */
export const BATCH_OPTIONS: readonly string[] = ['internalBatchSize', 'samplesBatchSize', 'perturbationsPerEval', 'batchSize'];

/**
 * Default megabytes of activations one explanation may hold at once on wasm: its heap is a few GB at
 * most, and a batch past it thrashes or aborts (Integrated Gradients at its default 64 rows on a
 * 224x224 MobileNetV2 took minutes in Node instead of 8 s at 8 rows).
 */
export const DEFAULT_MEMORY_BUDGET_MB = 512;

/** Most inputs a batch may hold: the budget (MB) over the bytes one input needs, at least 1. */
export function batchLimit(budgetMb: number, bytesPerSample: number): number {
  return Math.max(1, Math.floor((budgetMb * 2 ** 20) / Math.max(1, bytesPerSample)));
}
