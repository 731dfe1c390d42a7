// Vite plugin: puts the repository's bundled demo models (with their labels and sample images) into
// the page's own build, so the explorer opens with a model and images and never fetches from elsewhere.
// Each folder is read and checked by models/lib/model-folder.ts, the one reader of the format.
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Plugin } from 'vite';
import { folderReader } from '../../models/lib/folder-reader.ts';
import { LABELS_JSON } from '../../models/lib/model-card.ts';
import { readModelFolder, type ModelFolder } from '../../models/lib/model-folder.ts';

/** The classifiers of models/ that the page offers, first one preloaded. */
export const BUNDLED_MODEL_IDS: readonly string[] = ['mnist-cnn', 'shortcut', 'shortcut-clean'];

const VIRTUAL_ID = 'virtual:bundled-assets';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;

/**
 * Serves (dev) and emits (build) `models/<id>/` (model.json, its weight files, labels.json) for each
 * of {@link BUNDLED_MODEL_IDS}, and provides the module `virtual:bundled-assets`: each model's title,
 * description (from model-card.json), labels and sample images (samples.json).
 * @param modelsRoot absolute path of the folder holding the model folders (the repository's models/)
 */
export function bundledAssets(modelsRoot: string): Plugin {
  const read = (id: string): Promise<ModelFolder> => readModelFolder(id, folderReader(join(modelsRoot, id)));
  /** The files a loader fetches: the model's own files and its labels; the card and samples go into the page's code. */
  const shipped = (folder: ModelFolder): string[] => [...folder.modelFiles, LABELS_JSON];
  return {
    name: 'tfjs-saliency-bundled-assets',
    resolveId: (id) => (id === VIRTUAL_ID ? RESOLVED_ID : undefined),
    async load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const models = (await Promise.all(BUNDLED_MODEL_IDS.map(read))).map((folder) => ({
        id: folder.id,
        label: folder.card.title,
        description: folder.card.description,
        path: `models/${folder.id}/model.json`,
        labels: folder.labels,
        samples: folder.samples,
        card: { architecture: folder.card.architecture, data: folder.card.data, metrics: folder.card.metrics, metricNotes: folder.card.metricNotes },
      }));
      return `export const bundledModels = ${JSON.stringify(models)};\n`;
    },
    async generateBundle() {
      for (const folder of await Promise.all(BUNDLED_MODEL_IDS.map(read))) {
        for (const name of shipped(folder)) {
          this.emitFile({ type: 'asset', fileName: `models/${folder.id}/${name}`, source: readFileSync(join(modelsRoot, folder.id, name)) });
        }
      }
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const match = /^\/models\/([\w-]+)\/([\w.-]+)$/.exec(request.url?.split('?')[0] ?? '');
        const [, model, name] = match ?? [];
        if (model === undefined || name === undefined || !BUNDLED_MODEL_IDS.includes(model)) return next();
        read(model).then(
          (folder) => {
            if (!shipped(folder).includes(name)) {
              // A real 404, as a static host gives, not the dev server's index.html fallback.
              response.statusCode = 404;
              response.end();
              return;
            }
            response.setHeader('content-type', extname(name) === '.json' ? 'application/json' : 'application/octet-stream');
            response.end(readFileSync(join(modelsRoot, model, name)));
          },
          (error: unknown) => next(error),
        );
      });
    },
  };
}
