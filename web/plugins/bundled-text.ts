// Vite plugin: puts the repository's bundled text models (models/text-sentiment: model.json, weights,
// labels.json, vocab.txt, sentences.json) into the explorer's build, beside the image models of
// bundled-assets.ts, and provides the module `virtual:bundled-text` (title, description, file URLs,
// labels and example sentences of each), so the text flow opens them without fetching from elsewhere.
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { checkLabels, modelFilesOf, parseJson } from '../../models/lib/folder-checks.ts';
import { folderReader } from '../../models/lib/folder-reader.ts';
import { LABELS_JSON } from '../../models/lib/model-card.ts';
import { readModelCard } from '../../models/lib/model-folder.ts';
import { bundledFolders } from './bundled-folders.ts';

/** The text models of models/ that the explorer offers (after the image models). */
export const BUNDLED_TEXT_MODEL_IDS: readonly string[] = ['text-sentiment'];
/** A text model folder's vocabulary (one token per line) and example sentences (a JSON list). */
const VOCAB = 'vocab.txt';
const SENTENCES = 'sentences.json';

interface TextFolder {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly labels: readonly string[];
  readonly sentences: readonly string[];
  /** The files the page fetches: model.json, its weights, labels.json, vocab.txt. */
  readonly shipped: readonly string[];
}

async function readTextFolder(root: string, id: string): Promise<TextFolder> {
  const read = folderReader(join(root, id));
  const where = `models/${id}`;
  const card = await readModelCard(read, where);
  if (card === undefined) throw new Error(`${where}: no model-card.json`);
  const modelFiles = modelFilesOf(parseJson(await read('model.json'), `${where}/model.json`), `${where}/model.json`);
  const labels = checkLabels(parseJson(await read(LABELS_JSON), `${where}/${LABELS_JSON}`), `${where}/${LABELS_JSON}`);
  const sentences = parseJson(await read(SENTENCES), `${where}/${SENTENCES}`);
  if (!Array.isArray(sentences) || !sentences.every((s) => typeof s === 'string')) throw new Error(`${where}/${SENTENCES}: expected a JSON list of sentences`);
  if ((await read(VOCAB)) === undefined) throw new Error(`${where}/${VOCAB}: missing; a text model folder has its vocabulary, one token per line`);
  return { id, title: card.title, description: card.description, labels, sentences, shipped: [...modelFiles, LABELS_JSON, VOCAB] };
}

/**
 * Serves (dev) and emits (build) `models/<id>/` for each of {@link BUNDLED_TEXT_MODEL_IDS} and provides
 * `virtual:bundled-text`.
 * @param modelsRoot absolute path of the folder holding the model folders (the repository's models/)
 */
export function bundledText(modelsRoot: string): Plugin {
  return bundledFolders<TextFolder>(modelsRoot, {
    name: 'tfjs-saliency-bundled-text',
    virtualId: 'virtual:bundled-text',
    ids: BUNDLED_TEXT_MODEL_IDS,
    read: (id) => readTextFolder(modelsRoot, id),
    shipped: (folder) => folder.shipped,
    module: (folders) => {
      const models = folders.map((f) => ({
        id: f.id,
        label: f.title,
        description: f.description,
        path: `models/${f.id}/model.json`,
        vocabPath: `models/${f.id}/${VOCAB}`,
        labels: f.labels,
        sentences: f.sentences,
      }));
      return `export const bundledTextModels = ${JSON.stringify(models)};\n`;
    },
  });
}
