/**
 * The demo's view of a bundled model: the folder read and checked by models/lib (model, labels,
 * model card, samples), with an adapter for the methods and the samples decoded with their shape.
 */
import type * as tf from '@tensorflow/tfjs';
import { adaptModel, disposeModel, type ModelAdapter } from '../src/index.ts';
import { loadBundledModel, type BundledModelName } from '../models/lib/bundled.ts';
import { decodeSamples } from '../models/lib/samples.ts';

/** One sample input of a bundled model. */
export interface DemoSample {
  /** What it is, e.g. "digit 3 (mnist package index 857, held back)". */
  readonly name: string;
  /** Its class (classifiers) or target value (regression). */
  readonly target: number;
  /** Values in [0, 1], height x width x channels. */
  readonly pixels: Float32Array;
  readonly shape: readonly [number, number, number];
}

/** A bundled model, loaded, with what its folder says about it. */
export interface BundledModel {
  /** Folder name under models/, e.g. 'mnist-cnn'. */
  readonly name: BundledModelName;
  readonly model: tf.LayersModel;
  readonly adapter: ModelAdapter;
  readonly labels: readonly string[];
  /** The model card's title, e.g. 'MNIST CNN'. */
  readonly title: string;
  /** The model card's measured metrics, e.g. `{ heldBackAccuracy: 0.98 }`. */
  readonly metrics: Readonly<Record<string, number>>;
  readonly samples: readonly DemoSample[];
  /** Frees the model's weights. */
  dispose(): void;
}

/** Loads bundled model `name` from models/ (its folder checked by readModelFolder). */
export async function openBundledModel(name: BundledModelName): Promise<BundledModel> {
  const { model, labels, card, samples } = await loadBundledModel(name);
  return {
    name,
    model,
    adapter: adaptModel(model),
    labels,
    title: card.title,
    metrics: card.metrics,
    samples: decodeSamples(samples).map((sample) => ({ ...sample, shape: samples.shape })),
    dispose: () => disposeModel(model),
  };
}
