import * as tf from '@tensorflow/tfjs';
import { listLayers, loadModelFromFiles, loadModelFromUrl, modelInputShape, type LoadedModel as LibraryLoadedModel, type ModelFormat } from 'tfjs-saliency';
import type { ModelInfo, ModelSource } from '../protocol.ts';
import { bytesPerSample } from './memory-estimate.ts';

/** A loaded model with what the page shows about it. */
export interface LoadedModel {
  readonly model: tf.LayersModel | tf.GraphModel;
  readonly info: ModelInfo;
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
 * Teachable Machine export, a Keras .h5/.keras file) with the library's loaders, and checks that
 * the explorer can show it: an image input and a class-score output. Errors name the file.
 */
export async function loadModel(source: ModelSource): Promise<LoadedModel> {
  const loaded =
    source.kind === 'bundled'
      ? await loadModelFromUrl(source.url, { labels: source.labels })
      : await loadModelFromFiles(source.files);
  try {
    return { model: loaded.model, info: describe(loaded, source.kind === 'bundled' ? source.id : fileName(loaded.source)) };
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
  const outputShape = outputShapeOf(model, [1, height, width, channels]);
  const classes = outputShape[outputShape.length - 1];
  if (outputShape.length !== 2 || !isSize(classes)) {
    throw new Error(`${name}: the explorer needs an output of class scores [batch, classes]; this model's output is [${outputShape.join(', ')}]`);
  }
  const labels = Array.from({ length: classes }, (_, i) => loaded.labels?.[i] ?? `class ${i}`);
  const layers = model instanceof tf.LayersModel ? listLayers(model).map((layer) => layer.path.join('/')) : [];
  return {
    name,
    format: FORMAT_NAMES[loaded.format],
    height,
    width,
    channels,
    classes,
    labels,
    preprocessing: loaded.preprocessing ?? { scale: 'unit' },
    layers,
    bytesPerSample: bytesPerSample(model, [height, width, channels]),
  };
}

/** The first output's shape: declared (layers models), else found by running one blank input (graph models). */
function outputShapeOf(model: tf.LayersModel | tf.GraphModel, inputShape: readonly number[]): readonly (number | null)[] {
  const declared = model.outputs[0]?.shape as readonly (number | null)[] | undefined;
  if (declared !== undefined && declared.length > 0) return declared;
  return tf.tidy(() => {
    const output = model.predict(tf.zeros([...inputShape]));
    return (Array.isArray(output) ? output[0] : (output as tf.Tensor))?.shape ?? [];
  });
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
