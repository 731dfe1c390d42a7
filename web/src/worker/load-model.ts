import * as tf from '@tensorflow/tfjs';
import { adaptModel, bytesPerSample, listLayers, loadModelFromFiles, loadModelFromUrl, modelInputShape, type FunctionModel, type LoadedModel as LibraryLoadedModel, type ModelFormat } from 'tfjs-saliency';
import { holdsOnnx, loadOnnxModel } from '../onnx/load-onnx.ts';
import type { BundledSource, FilesSource, ModelInfo, ModelSource } from '../protocol.ts';
import { classOutputs } from './model-outputs.ts';

/** A loaded model with what the page shows about it: a TF.js model, or a function model (a .onnx file). */
export interface LoadedModel {
  readonly model: tf.LayersModel | tf.GraphModel | FunctionModel;
  readonly info: ModelInfo;
  /** Frees the model (its weights, or its runtime session). */
  dispose(): void;
}

const FORMAT_NAMES: Readonly<Record<ModelFormat, string>> = {
  'tfjs-layers': 'TF.js layers model',
  'tfjs-graph': 'TF.js graph model',
  'teachable-machine': 'Teachable Machine export',
  'keras-h5': 'Keras .h5 file',
  'keras-v3': 'Keras 3 .keras archive',
};

/**
 * Loads a bundled model from the page's own files, or the user's files (model.json + weights, a
 * Teachable Machine export, a Keras .h5/.keras file, a .onnx file: onnx/load-onnx.ts) with the library's loaders, and checks that
 * the explorer can show it: an image input and a class-score output. Errors name the file.
 */
export async function loadModel(source: ModelSource): Promise<LoadedModel> {
  if (source.kind === 'files' && holdsOnnx(source.files)) return loadOnnxModel(source);
  return loadWithLibrary(source, (loaded, name) => {
    const info = describe(loaded, name);
    // The page's own models take pixels in [0, 1], as their model cards say: no guess there.
    return { model: loaded.model, info: source.kind === 'bundled' ? { ...info, preprocessingNote: '' } : info, dispose: () => loaded.model.dispose() };
  });
}

/** A model the library's loaders open: a bundled model by its URL, or the user's files. */
export type LibrarySource = BundledSource | FilesSource;

/**
 * Loads `source` with the library's loaders (`files`: which of the user's files hold the model,
 * default all of them) and returns `use(loaded, name)`, `name` being what the page calls the model
 * (the bundled id, the given name, else the model file's name). Frees the model when `use` throws.
 */
export async function loadWithLibrary<T>(source: LibrarySource, use: (loaded: LibraryLoadedModel, name: string) => T, files?: readonly File[]): Promise<T> {
  const loaded = source.kind === 'bundled' ? await loadModelFromUrl(source.url, { labels: source.labels }) : await loadModelFromFiles(files ?? source.files);
  try {
    return use(loaded, source.kind === 'bundled' ? source.id : (source.name ?? fileName(loaded.source)));
  } catch (error) {
    loaded.model.dispose();
    throw error;
  }
}

function describe(loaded: LibraryLoadedModel, name: string): ModelInfo {
  const { model } = loaded;
  const inputShape = modelInputShape(model) ?? [];
  const [, height, width, channels] = inputShape;
  if (inputShape.length !== 4 || !isSize(height) || !isSize(width) || !(channels === 1 || channels === 3)) {
    throw new Error(
      `${name}: the explorer explains image models with an input [batch, height, width, 1 or 3]; this model's input is [${inputShape.join(', ')}]`,
    );
  }
  const outputs = classOutputs(model, [height, width, channels], loaded.labels, name);
  const labels = outputs[0]!.labels;
  const layers = model instanceof tf.LayersModel ? listLayers(model).map((layer) => layer.path.join('/')) : graphNodeNames(model);
  return {
    name,
    format: FORMAT_NAMES[loaded.format],
    height,
    width,
    channels,
    classes: labels.length,
    labels,
    outputs,
    preprocessingNote: preprocessingNote(loaded),
    preprocessing: loaded.preprocessing ?? { scale: 'unit' },
    layers,
    bytesPerSample: bytesPerSample(model, [height, width, channels]),
  };
}

/** A graph model's op nodes, for the CAM methods' layer choice (none when its node graph cannot be listed). */
function graphNodeNames(model: tf.GraphModel): string[] {
  try {
    return adaptModel(model).layers().map((layer) => layer.name);
  } catch {
    return [];
  }
}

/** What the page says about the preprocessing when the files did not state it ('' when they did). */
function preprocessingNote(loaded: LibraryLoadedModel): string {
  if (loaded.preprocessing === undefined) return 'Preprocessing is a guess (pixels 0 … 1, image stretched to the input): if the predictions look wrong, try another range.';
  if (loaded.preprocessingGuessed === true) return 'Preprocessing guessed from metadata.json (Teachable Machine: centre crop, pixels -1 … 1).';
  return '';
}

function isSize(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

function fileName(location: string): string {
  return location.slice(location.lastIndexOf('/') + 1);
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
