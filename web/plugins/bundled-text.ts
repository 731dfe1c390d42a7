// Vite plugin: puts the repository's bundled text models (models/text-sentiment: model.json, weights,
// labels.json, vocab.txt, sentences.json) into the explorer's build, beside the image models of
// bundled-assets.ts, and provides the module `virtual:bundled-text` (title, description, file URLs,
// labels and example sentences of each), so the text flow opens them without fetching from elsewhere.
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Plugin } from 'vite';
import { checkLabels, modelFilesOf, parseJson } from '../../models/lib/folder-checks.ts';
import { folderReader } from '../../models/lib/folder-reader.ts';
import { LABELS_JSON } from '../../models/lib/model-card.ts';
import { readModelCard } from '../../models/lib/model-folder.ts';

/** The text models of models/ that the explorer offers (after the image models). */
export const BUNDLED_TEXT_MODEL_IDS: readonly string[] = ['text-sentiment'];
/** A text model folder's vocabulary (one token per line) and example sentences (a JSON list). */
const VOCAB = 'vocab.txt';
const SENTENCES = 'sentences.json';

const VIRTUAL_ID = 'virtual:bundled-text';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

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
  const all = (): Promise<TextFolder[]> => Promise.all(BUNDLED_TEXT_MODEL_IDS.map((id) => readTextFolder(modelsRoot, id)));
  return {
    name: 'tfjs-saliency-bundled-text',
    resolveId: (id) => (id === VIRTUAL_ID ? RESOLVED_ID : undefined),
    async load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const models = (await all()).map((f) => ({
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
    async generateBundle() {
      for (const folder of await all()) {
        for (const name of folder.shipped) this.emitFile({ type: 'asset', fileName: `models/${folder.id}/${name}`, source: readFileSync(join(modelsRoot, folder.id, name)) });
      }
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const [, model, name] = /^\/models\/([\w-]+)\/([\w.-]+)$/.exec(request.url?.split('?')[0] ?? '') ?? [];
        if (model === undefined || name === undefined || !BUNDLED_TEXT_MODEL_IDS.includes(model)) return next();
        readTextFolder(modelsRoot, model).then((folder) => {
          if (!folder.shipped.includes(name)) {
            response.statusCode = 404;
            response.end();
            return;
          }
          response.setHeader('content-type', extname(name) === '.json' ? 'application/json' : extname(name) === '.txt' ? 'text/plain' : 'application/octet-stream');
          response.end(readFileSync(join(modelsRoot, model, name)));
        }, next);
      });
    },
  };
}
