// Vite plugin: puts the repository's bundled demo models and a few sample digits into the page's
// own build, so the explorer opens with a model and images and never fetches anything from elsewhere.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, extname } from 'node:path';
import type { Plugin } from 'vite';
import { DIGIT_PIXELS, loadMnistDigits, splitMnistDigits } from '../../models/data/mnist-digits.ts';

/** A model of the repository's models/ folder that the page offers. */
export interface BundledModelSpec {
  /** Folder name under models/ (also the page's URL path under models/). */
  readonly id: string;
  /** What the page calls it. */
  readonly label: string;
  /** Class names; a labels.json beside model.json takes precedence. */
  readonly labels: readonly string[];
}

/** The models the explorer ships with, first one preloaded. */
export const BUNDLED_MODELS: readonly BundledModelSpec[] = [
  { id: 'mnist-cnn', label: 'MNIST CNN (keras-vis example)', labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] },
];

const VIRTUAL_ID = 'virtual:bundled-assets';
const RESOLVED_ID = `\0${VIRTUAL_ID}`;
const MODEL_FILE = /\.(json|bin)$/;

/**
 * Serves (dev) and emits (build) `models/<id>/*` for each of {@link BUNDLED_MODELS}, and provides
 * the module `virtual:bundled-assets` with the model list and one held-back MNIST digit per class.
 * @param modelsRoot absolute path of the folder that holds the model folders (the repository's models/)
 */
export function bundledAssets(modelsRoot: string): Plugin {
  const modelDir = (id: string) => join(modelsRoot, id);
  const modelFiles = (id: string) => {
    const dir = modelDir(id);
    if (!existsSync(join(dir, 'model.json'))) {
      throw new Error(`bundled model '${id}': ${join(dir, 'model.json')} is missing; train it first (see models/README)`);
    }
    return readdirSync(dir).filter((name) => MODEL_FILE.test(name));
  };
  return {
    name: 'tfjs-saliency-bundled-assets',
    resolveId: (id) => (id === VIRTUAL_ID ? RESOLVED_ID : undefined),
    load(id) {
      if (id !== RESOLVED_ID) return undefined;
      const models = BUNDLED_MODELS.map((spec) => ({
        id: spec.id,
        label: spec.label,
        path: `models/${spec.id}/model.json`,
        labels: readLabels(modelDir(spec.id)) ?? spec.labels,
      }));
      return `export const bundledModels = ${JSON.stringify(models)};\nexport const sampleDigits = ${JSON.stringify(sampleDigits())};\n`;
    },
    generateBundle() {
      for (const spec of BUNDLED_MODELS) {
        for (const name of modelFiles(spec.id)) {
          this.emitFile({ type: 'asset', fileName: `models/${spec.id}/${name}`, source: readFileSync(join(modelDir(spec.id), name)) });
        }
      }
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const match = /^\/models\/([\w-]+)\/([\w.-]+)$/.exec(request.url?.split('?')[0] ?? '');
        const spec = BUNDLED_MODELS.find((m) => m.id === match?.[1]);
        const name = match?.[2];
        if (spec === undefined || name === undefined || !modelFiles(spec.id).includes(name)) return next();
        response.setHeader('content-type', extname(name) === '.json' ? 'application/json' : 'application/octet-stream');
        response.end(readFileSync(join(modelDir(spec.id), name)));
      });
    },
  };
}

function readLabels(dir: string): string[] | undefined {
  const path = join(dir, 'labels.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as unknown[]).map(String) : undefined;
}

/** The first held-back digit of each class (never seen in training), as 0-255 grey bytes in base64. */
function sampleDigits(): { label: string; width: number; height: number; grey: string }[] {
  const digits = loadMnistDigits();
  const { heldBack } = splitMnistDigits();
  return Array.from({ length: 10 }, (_, digit) => {
    const index = heldBack.find((i) => digits.labels[i] === digit);
    if (index === undefined) throw new Error(`no held-back MNIST digit of class ${digit}`);
    const pixels = digits.images.subarray(index * DIGIT_PIXELS, (index + 1) * DIGIT_PIXELS);
    const grey = Buffer.from(Uint8Array.from(pixels, (v) => Math.round(v * 255))).toString('base64');
    return { label: String(digit), width: 28, height: 28, grey };
  });
}
