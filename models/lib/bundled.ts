/**
 * The bundled models in Node: the folders of models/, read and checked by readModelFolder, with the
 * TF.js model loaded through the library's Node loader.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { loadModel } from '../../src/node/index.ts';
import { folderReader } from './folder-reader.ts';
import type { ModelCard } from './model-card.ts';
import { readModelCard, readModelFolder, type ModelFolder } from './model-folder.ts';
import { decodeSamples, type Sample } from './samples.ts';

/** The models/ folder of the repository. */
export const MODELS_DIR = dirname(dirname(fileURLToPath(import.meta.url)));

/** The models shipped in models/, by folder name. */
export const BUNDLED_MODELS = ['mnist-cnn', 'steering', 'shortcut', 'shortcut-clean'] as const;

/** Name of a bundled model. */
export type BundledModelName = (typeof BUNDLED_MODELS)[number];

/** The folder of bundled model `name`. */
export function bundledModelDir(name: BundledModelName): string {
  if (!BUNDLED_MODELS.includes(name)) throw new RangeError(`bundled model '${String(name)}' does not exist; choose one of ${BUNDLED_MODELS.join(', ')}`);
  return join(MODELS_DIR, name);
}

/** A layers model loaded from a folder, with its labels and model card. */
export interface FolderModel {
  readonly model: tf.LayersModel;
  readonly labels: readonly string[];
  readonly card: ModelCard | undefined;
}

/** The TF.js layers model in folder `dir`, through the project's Node loader, with its labels. */
async function loadLayersModelIn(dir: string): Promise<{ model: tf.LayersModel; labels: readonly string[] }> {
  const loaded = await loadModel(dir);
  if (!(loaded.model instanceof tf.LayersModel)) throw new Error(`${dir} holds a ${loaded.format} model, expected a TF.js layers model`);
  return { model: loaded.model, labels: loaded.labels ?? [] };
}

/**
 * Loads the TF.js layers model in folder `dir` with its labels.json and, when present, its
 * model-card.json (checked): a folder the training scripts are still writing may have no card yet.
 */
export async function loadFolderModel(dir: string): Promise<FolderModel> {
  const card = await readModelCard(folderReader(dir), dir);
  return { ...(await loadLayersModelIn(dir)), card };
}

/** A bundled model folder, read and checked, with its model loaded. */
export interface LoadedModelFolder extends ModelFolder {
  readonly model: tf.LayersModel;
}

/** Reads and checks bundled model folder `name` (see {@link BUNDLED_MODELS}) and loads its model. */
export async function loadBundledModel(name: BundledModelName): Promise<LoadedModelFolder> {
  const dir = bundledModelDir(name);
  const folder = await readModelFolder(name, folderReader(dir));
  const { model } = await loadLayersModelIn(dir);
  return { ...folder, model };
}

/** The sample inputs shipped with bundled model `name` (its samples.json), checked and decoded. */
export async function loadBundledSamples(name: BundledModelName): Promise<Sample[]> {
  return decodeSamples((await readModelFolder(name, folderReader(bundledModelDir(name)))).samples);
}
