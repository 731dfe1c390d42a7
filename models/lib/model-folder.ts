/**
 * The models/ folder format, read and checked in one place (browser-safe: no Node imports; the
 * checks of each file are in folder-checks.ts). A bundled model is a folder holding
 * - `model.json`: a TF.js layers model (topology + weights manifest) and the weight files its
 *   manifest names (`weights.bin`);
 * - `labels.json`: one name per output unit;
 * - `model-card.json`: what the model is and what was measured on it ({@link ModelCard});
 * - `samples.json`: sample inputs, 8-bit values in base64 (see samples.ts).
 * Reading a file is injected ({@link ReadFolderFile}): Node's fs for the demo, the training scripts
 * and the explorer's Vite plugin (models/lib/folder-reader.ts), fetch in a browser
 * ({@link fetchFolderReader}). The library itself (src/) does not know this format: it is the
 * repository's, for its demo models.
 */
import { checkLabels, checkModelCard, checkSamples, invalid, MODEL_JSON, modelFilesOf, parseJson, type SampleImages } from './folder-checks.ts';
import { LABELS_JSON, MODEL_CARD_JSON, type ModelCard } from './model-card.ts';
import { SAMPLES_JSON } from './samples.ts';

/** Reads file `name` of one model folder as text; resolves to undefined when the file does not exist. */
export type ReadFolderFile = (name: string) => Promise<string | undefined>;

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
