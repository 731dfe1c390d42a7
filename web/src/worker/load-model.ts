import * as tf from '@tensorflow/tfjs';
import { listLayers } from '../../../src/core/layers.ts';
import type { PreprocessingSpec } from '../../../src/io/preprocessing-spec.ts';
import type { ModelInfo, ModelSource } from '../protocol.ts';

/** A loaded model with what the page shows about it. */
export interface LoadedModel {
  readonly model: tf.LayersModel;
  readonly info: ModelInfo;
}

/** Teachable Machine's metadata.json, as far as the explorer reads it. */
interface TeachableMetadata {
  readonly labels?: unknown;
  readonly tfjsVersion?: unknown;
  readonly packageName?: unknown;
}

/**
 * Loads a bundled model from the page's own files, or a TF.js layers model from user-picked files
 * (model.json + its weight files, optionally Teachable Machine's metadata.json or a labels file).
 * Errors name the file at fault and what was expected.
 */
export async function loadModel(source: ModelSource): Promise<LoadedModel> {
  if (source.kind === 'bundled') {
    const model = await tf.loadLayersModel(source.url);
    return { model, info: describe(model, source.id, 'bundled TF.js layers model', source.labels, { scale: 'unit' }) };
  }
  return loadFromFiles(source.files);
}

async function loadFromFiles(files: readonly File[]): Promise<LoadedModel> {
  if (files.length === 0) throw new Error('model files: none were given; pick model.json and its .bin weight files');
  const jsons = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
  const topology = await findTopologyFile(jsons);
  const weights = files.filter((f) => f.name.toLowerCase().endsWith('.bin'));
  const metadata = await readMetadata(jsons.find((f) => f.name === 'metadata.json'));
  const labelsFile = files.find((f) => /^labels\.(txt|json)$/i.test(f.name));
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.browserFiles([topology, ...weights]));
  } catch (error) {
    throw new Error(`${topology.name}: could not be loaded as a TF.js layers model (${messageOf(error)})`);
  }
  const teachable = metadata !== undefined && Array.isArray(metadata.labels);
  const labels = teachable ? (metadata.labels as unknown[]).map(String) : labelsFile ? await readLabels(labelsFile) : [];
  return {
    model,
    info: describe(
      model,
      topology.name,
      teachable ? 'Teachable Machine export' : 'TF.js layers model',
      labels,
      teachable ? { scale: 'symmetric', fit: 'center-crop' } : { scale: 'unit' },
    ),
  };
}

async function findTopologyFile(jsons: readonly File[]): Promise<File> {
  for (const file of jsons) {
    if (file.name === 'metadata.json' || /^labels\.json$/i.test(file.name)) continue;
    const parsed = parseJson(await file.text(), file.name);
    if (typeof parsed === 'object' && parsed !== null && 'modelTopology' in parsed) return file;
    throw new Error(`${file.name}: not a TF.js model.json (it has no "modelTopology"); pick the model.json that tfjs wrote`);
  }
  throw new Error('model files: no model.json among them; pick model.json together with its .bin weight files');
}

async function readMetadata(file: File | undefined): Promise<TeachableMetadata | undefined> {
  if (file === undefined) return undefined;
  const parsed = parseJson(await file.text(), file.name);
  return typeof parsed === 'object' && parsed !== null ? (parsed as TeachableMetadata) : undefined;
}

async function readLabels(file: File): Promise<string[]> {
  const text = await file.text();
  if (!file.name.toLowerCase().endsWith('.json')) return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  const parsed = parseJson(text, file.name);
  if (Array.isArray(parsed)) return parsed.map(String);
  if (typeof parsed === 'object' && parsed !== null) {
    // ImageNet's class index: {"0": ["n01440764", "tench"], ...}
    return Object.entries(parsed)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, value]) => (Array.isArray(value) ? String(value[value.length - 1]) : String(value)));
  }
  throw new Error(`${file.name}: expected a JSON list of labels or an index map, got ${typeof parsed}`);
}

function describe(
  model: tf.LayersModel,
  name: string,
  format: string,
  labels: readonly string[],
  preprocessing: PreprocessingSpec,
): ModelInfo {
  const inputShape = model.inputs[0]?.shape ?? [];
  const outputShape = model.outputs[0]?.shape ?? [];
  const [, height, width, channels] = inputShape;
  if (inputShape.length !== 4 || !isSize(height) || !isSize(width) || !(channels === 1 || channels === 3)) {
    throw new Error(
      `${name}: the explorer explains image models with input [batch, height, width, 1 or 3]; this model's input is [${inputShape.join(', ')}]`,
    );
  }
  const classes = outputShape[outputShape.length - 1];
  if (outputShape.length !== 2 || !isSize(classes)) {
    throw new Error(`${name}: the explorer needs an output of class scores [batch, classes]; this model's output is [${outputShape.join(', ')}]`);
  }
  const allLabels = Array.from({ length: classes }, (_, i) => labels[i] ?? `class ${i}`);
  const layers = listLayers(model).map((layer) => layer.path.join('/'));
  return { name, format, height, width, channels, classes, labels: allLabels, preprocessing, layers };
}

function isSize(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

function parseJson(text: string, fileName: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${fileName}: not valid JSON (${messageOf(error)})`);
  }
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
