/**
 * A private copy of a layers model for the randomisation metrics: the topology and weights go
 * through an in-memory save and load, so randomising the copy's weights can never touch the user's
 * model (whose weights stay bit-identical). The caller disposes the copy.
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError } from '../../core/errors.ts';
import { isFunctionModel } from '../../core/function-model.ts';
import { ModelAdapter } from '../../core/model.ts';
import { shuffledValues } from './shuffle.ts';
import type { MetricModel } from '../sources.ts';

/** The layers model of `model`; randomisation needs one (its layers' weights are what it randomises). */
export function layersModelOf(model: MetricModel | null, metric: string): tf.LayersModel {
  const inner = model instanceof ModelAdapter ? model.model : model;
  if (inner instanceof tf.LayersModel && !isFunctionModel(model)) return inner;
  throw new SaliencyError('UNSUPPORTED_MODEL', `model: '${metric}' randomises layer weights, so it needs a tf.LayersModel (a graph or function model has no layers to randomise)`, 'model');
}

/** A copy of `model` with its own weights (dispose it). */
export async function cloneLayersModel(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return tf.loadLayersModel(tf.io.fromMemory(saved as tf.io.ModelArtifacts));
}

/** The layers of `model` that hold weights, top-down (output first) or bottom-up. */
export function weightedLayers(model: tf.LayersModel, order: 'top-down' | 'bottom-up'): tf.layers.Layer[] {
  const layers = model.layers.filter((layer) => layer.weights.length > 0);
  return order === 'top-down' ? layers.reverse() : layers;
}

/** Replaces every weight of `layer` by a seeded shuffle of its own values (distribution kept, structure destroyed). */
export function randomiseLayer(layer: tf.layers.Layer, seed: number): void {
  const randomised = layer.getWeights().map((w, i) => tf.tensor(shuffledValues(w.dataSync() as Float32Array, seed, `${layer.name}:${i}`), w.shape, w.dtype));
  layer.setWeights(randomised);
  randomised.forEach((t) => t.dispose());
}

/** The current weights of `layer` as plain copies, to restore them later with {@link restoreLayer}. */
export function layerWeights(layer: tf.layers.Layer): { readonly values: Float32Array; readonly shape: number[] }[] {
  return layer.getWeights().map((w) => ({ values: Float32Array.from(w.dataSync()), shape: [...w.shape] }));
}

/** Sets `layer`'s weights back to `saved`. */
export function restoreLayer(layer: tf.layers.Layer, saved: readonly { readonly values: Float32Array; readonly shape: number[] }[]): void {
  const tensors = saved.map((w) => tf.tensor(w.values, w.shape));
  layer.setWeights(tensors);
  tensors.forEach((t) => t.dispose());
}
