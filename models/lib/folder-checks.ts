/**
 * The checks of each file of a models/ folder (see model-folder.ts), on parsed JSON: each returns
 * the value typed, or throws an error naming the file and what a valid one holds. Browser-safe.
 */
import { LABELS_JSON, MODEL_CARD_JSON, type ModelCard } from './model-card.ts';
import { SAMPLES_JSON, type SamplesFile } from './samples.ts';

/** Name of the topology + manifest file in a model folder (TF.js layers format). */
export const MODEL_JSON = 'model.json';

/** A {@link SamplesFile} whose shape is checked to be [height, width, channels]. */
export type SampleImages = SamplesFile & { readonly shape: readonly [number, number, number] };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) > 0;

/** An error naming the folder file and what a valid one holds. */
export function invalid(where: string, what: string): Error {
  return new Error(`${where}: ${what}`);
}

/** `text` parsed as JSON, or an error naming `path` (also when the file is missing: `text` undefined). */
export function parseJson(text: string | undefined, path: string): unknown {
  if (text === undefined) throw invalid(path, 'missing; every bundled model folder has model.json, labels.json, model-card.json and samples.json');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${path}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
}

/**
 * The files a loader fetches for `model.json` (parsed): `model.json` itself and every path of its
 * weights manifest, each a plain file name inside the folder.
 */
export function modelFilesOf(modelJson: unknown, where = MODEL_JSON): string[] {
  const manifest = isObject(modelJson) && isObject(modelJson['modelTopology']) ? modelJson['weightsManifest'] : undefined;
  if (!Array.isArray(manifest)) throw invalid(where, 'expected a TF.js layers model: an object with modelTopology and a weightsManifest list');
  const paths = manifest.flatMap((group: unknown) => (isObject(group) && Array.isArray(group['paths']) ? (group['paths'] as unknown[]) : [null]));
  const bad = paths.find((path) => typeof path !== 'string' || !/^[\w][\w.-]*$/.test(path) || path.includes('..'));
  if (bad !== undefined) throw invalid(where, `weight path ${JSON.stringify(bad)} is not a plain file name inside the folder`);
  return [MODEL_JSON, ...new Set(paths as string[])];
}

/** Checks a parsed `labels.json`: a list of names, one per output unit. */
export function checkLabels(value: unknown, where = LABELS_JSON): string[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((label) => typeof label === 'string')) {
    throw invalid(where, 'expected a non-empty JSON list of label strings, one per output unit');
  }
  return value as string[];
}

/** Checks the fields of a parsed `model-card.json` that readers use: name, title, description, task, input shape, metrics. */
export function checkModelCard(value: unknown, where = MODEL_CARD_JSON): ModelCard {
  if (!isObject(value)) throw invalid(where, 'expected a JSON object');
  for (const key of ['name', 'title', 'description'] as const) {
    if (typeof value[key] !== 'string' || value[key] === '') throw invalid(where, `${key}: expected a non-empty string, got ${JSON.stringify(value[key])}`);
  }
  if (value['task'] !== 'classification' && value['task'] !== 'regression') {
    throw invalid(where, `task: expected 'classification' or 'regression', got ${JSON.stringify(value['task'])}`);
  }
  const shape = isObject(value['input']) ? value['input']['shape'] : undefined;
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every(isCount)) throw invalid(where, 'input.shape: expected a list of positive integers');
  const metrics = value['metrics'];
  if (!isObject(metrics) || !Object.values(metrics).every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw invalid(where, 'metrics: expected an object of finite numbers');
  }
  return value as unknown as ModelCard;
}

/** Bytes a base64 string without line breaks decodes to, or -1 when it is not base64. */
function base64Bytes(text: string): number {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return -1;
  return (text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);
}

/** Checks a parsed `samples.json`: 'uint8-base64' samples of one [height, width, channels] shape, each of that many values. */
export function checkSamples(value: unknown, where = SAMPLES_JSON): SampleImages {
  if (!isObject(value) || value['encoding'] !== 'uint8-base64') throw invalid(where, "expected an object with encoding 'uint8-base64'");
  const shape = value['shape'];
  if (!Array.isArray(shape) || shape.length !== 3 || !shape.every(isCount)) {
    throw invalid(where, `shape: expected [height, width, channels] of positive integers, got ${JSON.stringify(shape)}`);
  }
  const size = (shape as number[]).reduce((n, d) => n * d, 1);
  const samples = value['samples'];
  if (!Array.isArray(samples)) throw invalid(where, 'samples: expected a list');
  samples.forEach((sample: unknown, i) => {
    const ok = isObject(sample) && typeof sample['name'] === 'string' && Number.isFinite(sample['target']) && typeof sample['pixels'] === 'string';
    if (!ok) throw invalid(where, `samples[${i}]: expected { name: string, target: number, pixels: base64 string }`);
    const bytes = base64Bytes(sample['pixels'] as string);
    if (bytes !== size) throw invalid(where, `samples[${i}] ('${String(sample['name'])}'): expected ${size} base64 bytes (shape ${shape.join(' x ')}), got ${bytes < 0 ? 'no base64' : bytes}`);
  });
  return value as unknown as SampleImages;
}
