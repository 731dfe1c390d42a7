import * as tf from '@tensorflow/tfjs';
import { decodeUtf8, parseJsonObject } from './json-file.ts';
import { kerasFileKind, loadKerasModel } from './keras/load-keras-model.ts';
import { parseLabels } from './labels.ts';
import { COMPANION_FILES, type LoadedModel, type LoadModelOptions, type ModelFormat } from './loaded-model.ts';
import { ModelLoadError } from './model-load-error.ts';
import type { ModelSource } from './model-source.ts';
import { readTfjsArtifacts, tfjsModelKind } from './tfjs-artifacts.ts';
import { parseTeachableMachineMetadata, type TeachableMachineMetadata } from './teachable-machine.ts';
import { disposeModel } from './dispose-model.ts';
import { buildGraphModel, buildLayersModel } from './build-model.ts';
import { ByteBudget, checkSize, resolveLoadLimits } from './limits.ts';

/**
 * Loads the model whose main file is `entry` in `source`, telling the format from the file's
 * content: HDF5 -> Keras `.h5`, zip -> Keras 3 `.keras`, JSON -> TF.js layers or graph model.json
 * (with a Teachable Machine `metadata.json` beside it -> Teachable Machine). Labels and
 * preprocessing come from `options`, else from the files (see {@link LoadModelOptions}).
 */
export async function loadModelFromSource(
  source: ModelSource,
  entry: string,
  options: LoadModelOptions = {},
): Promise<LoadedModel> {
  const location = source.locate(entry);
  const limits = resolveLoadLimits(options);
  const budget = new ByteBudget(limits.maxModelBytes);
  const bytes = await source.read(entry, { bytes: limits.maxModelBytes, key: 'maxModelBytes' });
  budget.take(location, bytes.byteLength);
  const keras = kerasFileKind(bytes);
  let model: tf.LayersModel | tf.GraphModel;
  let format: ModelFormat;
  let metadata: TeachableMachineMetadata | undefined;
  if (keras !== undefined) {
    model = await loadKerasModel(bytes, location, limits);
    format = keras === 'h5' ? 'keras-h5' : 'keras-v3';
  } else {
    checkSize(location, bytes.byteLength, limits.maxJsonBytes, 'maxJsonBytes');
    const text = decodeUtf8(bytes);
    if (!/^\s*\{/.test(text.slice(0, 64))) {
      throw new ModelLoadError(location, 'is neither a TF.js model.json, a Keras .h5 file nor a Keras .keras archive');
    }
    const json = parseJsonObject(text, location);
    const kind = tfjsModelKind(json, location);
    const artifacts = await readTfjsArtifacts(json, source, entry, budget);
    metadata = await readCompanion(source, COMPANION_FILES.metadata, parseTeachableMachineMetadata, limits.maxJsonBytes);
    model = await buildTfjsModel(kind, artifacts, location);
    format = kind === 'graph' ? 'tfjs-graph' : metadata?.fromTeachableMachine ? 'teachable-machine' : 'tfjs-layers';
  }
  try {
    const labels = await resolveLabels(source, options, metadata, limits.maxJsonBytes);
    if (labels !== undefined) checkLabelCount(model, labels.list, labels.file);
    const preprocessing = options.preprocessing ?? metadata?.preprocessing;
    return {
      model, format, source: location,
      ...(labels !== undefined ? { labels: labels.list } : {}),
      ...(preprocessing !== undefined ? { preprocessing } : {}),
      ...(options.preprocessing === undefined && metadata?.guessed === true ? { preprocessingGuessed: true } : {}),
    };
  } catch (error) {
    disposeModel(model);
    throw error;
  }
}

async function buildTfjsModel(
  kind: 'layers' | 'graph',
  artifacts: tf.io.ModelArtifacts,
  location: string,
): Promise<tf.LayersModel | tf.GraphModel> {
  try {
    return kind === 'layers' ? await buildLayersModel(artifacts) : await buildGraphModel(artifacts);
  } catch (error) {
    throw new ModelLoadError(location, `TensorFlow.js cannot build this ${kind} model (${(error as Error).message})`, { cause: error });
  }
}

async function readCompanion<T>(source: ModelSource, name: string, parse: (bytes: Uint8Array, file: string) => T, maxBytes: number): Promise<T | undefined> {
  const bytes = await source.readOptional(name, { bytes: maxBytes, key: 'maxJsonBytes' });
  return bytes === undefined ? undefined : parse(bytes, source.locate(name));
}

async function resolveLabels(
  source: ModelSource,
  options: LoadModelOptions,
  metadata: TeachableMachineMetadata | undefined,
  maxJsonBytes: number,
): Promise<{ list: readonly string[]; file: string } | undefined> {
  const given = options.labels;
  if (given !== undefined) {
    if (Array.isArray(given)) return { list: given as readonly string[], file: 'options.labels' };
    const file = given as { name: string; bytes: Uint8Array };
    checkSize(file.name, file.bytes.byteLength, maxJsonBytes, 'maxJsonBytes');
    return { list: parseLabels(file.bytes, file.name), file: file.name };
  }
  if (metadata !== undefined) return { list: metadata.labels, file: source.locate(COMPANION_FILES.metadata) };
  for (const name of COMPANION_FILES.labels) {
    const list = await readCompanion(source, name, parseLabels, maxJsonBytes);
    if (list !== undefined) return { list, file: source.locate(name) };
  }
  return undefined;
}

function checkLabelCount(model: tf.LayersModel | tf.GraphModel, labels: readonly string[], file: string): void {
  const shape = model.outputs[0]?.shape as readonly (number | null)[] | undefined;
  const classes = shape?.[shape.length - 1];
  if (typeof classes === 'number' && classes > 0 && classes !== labels.length) {
    throw new ModelLoadError(file, `has ${labels.length} labels but the model outputs ${classes} classes`);
  }
}
