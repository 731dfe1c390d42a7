/**
 * The demo's view of the bundled models in models/: each folder's TF.js model, its labels, its
 * model card (title and measured metrics) and its sample inputs (samples.json). Only data files are
 * read, so the compiled CLI works from an installed package too.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { adaptModel, type ModelAdapter } from '../../core/model.ts';
import { disposeModel } from '../../io/dispose-model.ts';
import { loadModel } from '../../node/models/load-model.ts';

/** The models/ folder of this package (src/cli/demo and dist/cli/demo are both three levels down). */
export const BUNDLED_MODELS_DIR = fileURLToPath(new URL('../../../models/', import.meta.url));

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
  readonly name: string;
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

interface SamplesFile {
  readonly shape: readonly number[];
  readonly encoding: string;
  readonly samples: readonly { readonly name: string; readonly target: number; readonly pixels: string }[];
}

async function readJson<T>(path: string, what: string): Promise<T> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new Error(`${what}: cannot read '${path}' (${error.code ?? error.message}); the bundled models ship with the repository`, { cause: error });
  });
  return JSON.parse(text) as T;
}

/** Reads `samples.json` of a model folder: 8-bit values in base64, one sample after another. */
export async function readDemoSamples(dir: string): Promise<DemoSample[]> {
  const file = await readJson<SamplesFile>(join(dir, 'samples.json'), 'samples');
  const [height, width, channels] = file.shape;
  if (file.encoding !== 'uint8-base64' || file.shape.length !== 3 || !height || !width || !channels) {
    throw new Error(`samples: '${join(dir, 'samples.json')}' must hold uint8-base64 samples of shape [height, width, channels]`);
  }
  return file.samples.map(({ name, target, pixels }) => ({
    name,
    target,
    pixels: Float32Array.from(Buffer.from(pixels, 'base64'), (byte) => byte / 255),
    shape: [height, width, channels] as const,
  }));
}

/** Loads bundled model `name` from `modelsDir` (default {@link BUNDLED_MODELS_DIR}). */
export async function openBundledModel(name: string, modelsDir = BUNDLED_MODELS_DIR): Promise<BundledModel> {
  const dir = join(modelsDir, name);
  const card = await readJson<{ title?: string; metrics?: Record<string, number> }>(join(dir, 'model-card.json'), `bundled model '${name}'`);
  const samples = await readDemoSamples(dir);
  const loaded = await loadModel(dir);
  if (!(loaded.model instanceof tf.LayersModel)) {
    disposeModel(loaded.model);
    throw new Error(`bundled model '${name}': expected a TF.js layers model in '${dir}', got ${loaded.format}`);
  }
  const model = loaded.model;
  return {
    name,
    model,
    adapter: adaptModel(model),
    labels: loaded.labels ?? [],
    title: card.title ?? name,
    metrics: card.metrics ?? {},
    samples,
    dispose: () => disposeModel(model),
  };
}
