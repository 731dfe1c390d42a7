/**
 * The models/ folder format, parsed and checked in one place (browser-safe: no Node imports). A
 * bundled model is a folder holding
 * - `model.json`: a TF.js layers model (topology + weights manifest) and the weight files its
 *   manifest names (`weights.bin`);
 * - `labels.json`: one name per output unit;
 * - `model-card.json`: what the model is and what was measured on it ({@link ModelCard});
 * - `samples.json`: sample inputs, 8-bit values in base64 ({@link SamplesFile}).
 * Reading a file is injected ({@link ReadFolderFile}): Node's fs for the demo, the training scripts
 * and the explorer's Vite plugin (models/lib/folder-reader.ts), fetch in a browser
 * ({@link fetchFolderReader}). The library itself (src/) does not know this format: it is the
 * repository's, for its demo models.
 */
import { LABELS_JSON, MODEL_CARD_JSON, type ModelCard } from './model-card.ts';
import { SAMPLES_JSON, type SamplesFile } from './samples.ts';

/** Name of the topology + manifest file in a model folder (TF.js layers format). */
export const MODEL_JSON = 'model.json';

/** Reads file `name` of one model folder as text; resolves to undefined when the file does not exist. */
export type ReadFolderFile = (name: string) => Promise<string | undefined>;

/** A {@link SamplesFile} whose shape is checked to be [height, width, channels]. */
export type SampleImages = SamplesFile & { readonly shape: readonly [number, number, number] };

/** One model folder, read and checked. */
export interface ModelFolder {
  /** Folder name under models/, e.g. 'mnist-cnn' (the model card's `name`). */
  readonly id: string;
  /** `model.json` and the weight files its manifest names: what a model loader fetches. */
  readonly modelFiles: readonly string[];
  /** One name per output unit (`labels.json`). */
  readonly labels: readonly string[];
  readonly card: ModelCard;
  /** The sample inputs (`samples.json`), of the card's input shape. */
  readonly samples: SampleImages;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) > 0;

/** An error naming the folder file and what a valid one holds. */
function invalid(where: string, what: string): Error {
  return new Error(`${where}: ${what}`);
}

function parseJson(text: string | undefined, path: string): unknown {
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

/** The model card of a folder, checked, or undefined when the folder has none (a model not yet documented). */
export async function readModelCard(read: ReadFolderFile, where: string): Promise<ModelCard | undefined> {
  const text = await read(MODEL_CARD_JSON);
  const path = `${where}/${MODEL_CARD_JSON}`;
  return text === undefined ? undefined : checkModelCard(parseJson(text, path), path);
}

/**
 * Reads and checks bundled model folder `id` through `read`: every file present and well formed,
 * the card named after the folder, the samples of the card's input shape.
 */
export async function readModelFolder(id: string, read: ReadFolderFile): Promise<ModelFolder> {
  const where = `models/${id}`;
  const files = [MODEL_JSON, LABELS_JSON, MODEL_CARD_JSON, SAMPLES_JSON];
  const texts = await Promise.all(files.map((name) => read(name)));
  const [modelJson, labels, card, samples] = texts.map((text, i) => parseJson(text, `${where}/${files[i]}`));
  const folder: ModelFolder = {
    id,
    modelFiles: modelFilesOf(modelJson, `${where}/${MODEL_JSON}`),
    labels: checkLabels(labels, `${where}/${LABELS_JSON}`),
    card: checkModelCard(card, `${where}/${MODEL_CARD_JSON}`),
    samples: checkSamples(samples, `${where}/${SAMPLES_JSON}`),
  };
  if (folder.card.name !== id) throw invalid(`${where}/${MODEL_CARD_JSON}`, `name: expected '${id}' (the folder's name), got '${folder.card.name}'`);
  if (folder.card.input.shape.join('x') !== folder.samples.shape.join('x')) {
    throw invalid(`${where}/${SAMPLES_JSON}`, `shape: expected the card's input shape ${folder.card.input.shape.join(' x ')}, got ${folder.samples.shape.join(' x ')}`);
  }
  return folder;
}

/**
 * A {@link ReadFolderFile} over HTTP for a browser: file `name` of the folder at `folderUrl` (ending
 * in '/'); a 404 reads as a missing file, any other failure throws.
 */
export function fetchFolderReader(folderUrl: string | URL, fetchFile: typeof fetch = fetch): ReadFolderFile {
  return async (name) => {
    const url = new URL(name, folderUrl);
    const response = await fetchFile(url);
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`${url.href}: HTTP ${response.status} ${response.statusText}`);
    return response.text();
  };
}
