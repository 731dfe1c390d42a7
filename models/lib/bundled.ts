import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { loadModel } from '../../src/node/models/load-model.ts';
import { MODEL_CARD_JSON, type ModelCard } from './model-card.ts';
import { decodeSamples, SAMPLES_JSON, type Sample, type SamplesFile } from './samples.ts';

/** The models shipped in models/, by folder name. */
export const BUNDLED_MODELS = ['mnist-cnn', 'steering', 'shortcut', 'shortcut-clean'] as const;

/** Name of a bundled model. */
export type BundledModelName = (typeof BUNDLED_MODELS)[number];

/** The folder of bundled model `name`. */
export function bundledModelDir(name: BundledModelName): string {
  if (!BUNDLED_MODELS.includes(name)) throw new RangeError(`bundled model '${String(name)}' does not exist; choose one of ${BUNDLED_MODELS.join(', ')}`);
  return join(dirname(dirname(fileURLToPath(import.meta.url))), name);
}

/** A layers model loaded from a folder, with its labels and model card. */
export interface FolderModel {
  readonly model: tf.LayersModel;
  readonly labels: readonly string[];
  readonly card: ModelCard | undefined;
}

/**
 * Loads the TF.js layers model in folder `dir` through the project's Node loader, with its
 * labels.json and, when present, its model-card.json.
 */
export async function loadFolderModel(dir: string): Promise<FolderModel> {
  const loaded = await loadModel(dir);
  if (!(loaded.model instanceof tf.LayersModel)) throw new Error(`${dir} holds a ${loaded.format} model, expected a TF.js layers model`);
  const card = await readFile(join(dir, MODEL_CARD_JSON), 'utf8').then(
    (text) => JSON.parse(text) as ModelCard,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    },
  );
  return { model: loaded.model, labels: loaded.labels ?? [], card };
}

/** Loads bundled model `name` (see {@link BUNDLED_MODELS}). */
export async function loadBundledModel(name: BundledModelName): Promise<FolderModel & { readonly card: ModelCard }> {
  const loaded = await loadFolderModel(bundledModelDir(name));
  if (!loaded.card) throw new Error(`bundled model '${name}' has no ${MODEL_CARD_JSON}`);
  return { ...loaded, card: loaded.card };
}

/** The sample inputs shipped with bundled model `name` (its samples.json). */
export async function loadBundledSamples(name: BundledModelName): Promise<Sample[]> {
  const text = await readFile(join(bundledModelDir(name), SAMPLES_JSON), 'utf8');
  return decodeSamples(JSON.parse(text) as SamplesFile);
}
