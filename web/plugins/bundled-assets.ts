// Vite plugin: puts the repository's bundled demo models (with their labels and sample images) into
// the page's own build, so the explorer opens with a model and images and never fetches from elsewhere.
// Each folder is read and checked by models/lib/model-folder.ts, the one reader of the format.
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { folderReader } from '../../models/lib/folder-reader.ts';
import { LABELS_JSON } from '../../models/lib/model-card.ts';
import { readModelFolder, type ModelFolder } from '../../models/lib/model-folder.ts';
import { bundledFolders } from './bundled-folders.ts';

/** The classifiers of models/ that the page offers, first one preloaded. */
export const BUNDLED_MODEL_IDS: readonly string[] = ['mnist-cnn', 'shortcut', 'shortcut-clean'];

/**
 * Serves (dev) and emits (build) `models/<id>/` (model.json, its weight files, labels.json) for each
 * of {@link BUNDLED_MODEL_IDS}, and provides the module `virtual:bundled-assets`: each model's title,
 * description (from model-card.json), labels and sample images (samples.json).
 * @param modelsRoot absolute path of the folder holding the model folders (the repository's models/)
 */
export function bundledAssets(modelsRoot: string): Plugin {
  return bundledFolders<ModelFolder>(modelsRoot, {
    name: 'tfjs-saliency-bundled-assets',
    virtualId: 'virtual:bundled-assets',
    ids: BUNDLED_MODEL_IDS,
    read: (id) => readModelFolder(id, folderReader(join(modelsRoot, id))),
    // The files a loader fetches: the model's own files and its labels; the card and samples go into the page's code.
    shipped: (folder) => [...folder.modelFiles, LABELS_JSON],
    module: (folders) => {
      const models = folders.map((folder) => ({
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
  });
}
