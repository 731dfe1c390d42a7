// Vite plugin: puts the repository's bundled demo models (with their labels and sample images) into
// the page's own build, so the explorer opens with a model and images and never fetches from elsewhere.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Plugin } from 'vite';

/** The classifiers of models/ that the page offers, first one preloaded. */
export const BUNDLED_MODEL_IDS: readonly string[] = ['mnist-cnn', 'shortcut', 'shortcut-clean'];

const VIRTUAL_ID = 'virtual:bundled-assets';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;
const SHIPPED_FILE = /\.(json|bin)$/;
const PAGE_ONLY_FILES = ['model-card.json', 'samples.json'];

/**
 * Serves (dev) and emits (build) `models/<id>/` (model.json, weights, labels.json) for each of
 * {@link BUNDLED_MODEL_IDS}, and provides the module `virtual:bundled-assets`: each model's title,
 * description (from model-card.json), labels and sample images (samples.json).
 * @param modelsRoot absolute path of the folder holding the model folders (the repository's models/)
 */
export function bundledAssets(modelsRoot: string): Plugin {
  const files = (id: string) => {
    const dir = join(modelsRoot, id);
    if (!existsSync(join(dir, 'model.json'))) {
      throw new Error(`bundled model '${id}': ${join(dir, 'model.json')} is missing; train it with node --import tsx models/${id}/train.ts`);
    }
    return readdirSync(dir).filter((name) => SHIPPED_FILE.test(name) && !PAGE_ONLY_FILES.includes(name));
  };
  const json = (id: string, name: string): unknown => {
    const path = join(modelsRoot, id, name);
    return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
  };
  return {
    name: 'tfjs-saliency-bundled-assets',
    resolveId: (id) => (id === VIRTUAL_ID ? RESOLVED_ID : undefined),
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const models = BUNDLED_MODEL_IDS.map((model) => {
        files(model);
        const card = (json(model, 'model-card.json') ?? {}) as { title?: string; description?: string };
        return {
          id: model,
          label: card.title ?? model,
          description: card.description ?? '',
          path: `models/${model}/model.json`,
          labels: json(model, 'labels.json') ?? [],
          samples: json(model, 'samples.json') ?? { shape: [], encoding: 'uint8-base64', samples: [] },
        };
      });
      return `export const bundledModels = ${JSON.stringify(models)};\n`;
    },
    generateBundle() {
      for (const model of BUNDLED_MODEL_IDS) {
        for (const name of files(model)) {
          this.emitFile({ type: 'asset', fileName: `models/${model}/${name}`, source: readFileSync(join(modelsRoot, model, name)) });
        }
      }
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const match = /^\/models\/([\w-]+)\/([\w.-]+)$/.exec(request.url?.split('?')[0] ?? '');
        const [, model, name] = match ?? [];
        if (model === undefined || name === undefined || !BUNDLED_MODEL_IDS.includes(model)) return next();
        if (!files(model).includes(name)) {
          // A real 404, as a static host gives, not the dev server's index.html fallback.
          response.statusCode = 404;
          response.end();
          return;
        }
        response.setHeader('content-type', extname(name) === '.json' ? 'application/json' : 'application/octet-stream');
        response.end(readFileSync(join(modelsRoot, model, name)));
      });
    },
  };
}
