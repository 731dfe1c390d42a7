import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../../src/engines/wasm/node/index.ts';
import { loadFolderModel } from '../lib/bundled.ts';
import { LABELS_JSON, MODEL_CARD_JSON, renderModelReadme, type ModelCard } from '../lib/model-card.ts';
import { saveLayersModel, WEIGHTS_BIN, writeFileAtomic } from '../lib/model-files.ts';
import { installFastConvGradients } from './conv-gradients.ts';
import { seedGlobalRandom } from './train-loop.ts';

/** Command-line options shared by the training scripts. */
export interface TrainingArgs {
  /** 'wasm' (default) or 'cpu'. */
  readonly backend: 'wasm' | 'cpu';
  readonly epochs: number;
  /** Use only this many training samples (a quick trial); default: all. */
  readonly limit: number | undefined;
  /** Folder to write the model to; default: the script's own folder. */
  readonly out: string;
}

/** Parses `--backend wasm|cpu --epochs N --limit N --out DIR`, with the script's defaults. */
export function parseTrainingArgs(defaults: { epochs: number; out: string }): TrainingArgs {
  const { values } = parseArgs({
    options: {
      backend: { type: 'string', default: 'wasm' },
      epochs: { type: 'string', default: String(defaults.epochs) },
      limit: { type: 'string' },
      out: { type: 'string', default: defaults.out },
    },
  });
  const backend = values.backend;
  if (backend !== 'wasm' && backend !== 'cpu') throw new Error(`--backend must be wasm or cpu, got ${backend}`);
  const positive = (name: string, text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got ${text}`);
    return n;
  };
  return {
    backend,
    epochs: positive('epochs', values.epochs),
    limit: values.limit === undefined ? undefined : positive('limit', values.limit),
    out: values.out,
  };
}

/**
 * Sets up the backend named in `args` for training and seeds TF.js's randomness with `seed`. The
 * engine's fast gradient paths (made for input gradients) are turned off so that convolutions
 * un-fuse under training and take the fast Conv2D gradients of `installFastConvGradients`.
 */
export async function prepareTraining(args: TrainingArgs, seed: string): Promise<void> {
  await setupBackend({ backend: args.backend, fastGradients: false });
  installFastConvGradients();
  seedGlobalRandom(seed);
}

/** Saves `model` to `dir` as float16 and loads it back, so measurements use the shipped weights. */
export async function saveAndReload(model: tf.LayersModel, dir: string): Promise<tf.LayersModel> {
  await saveLayersModel(model, dir, { float16: true });
  return (await loadFolderModel(dir)).model;
}

/** Writes `labels.json`, `model-card.json` (weights size filled in) and `README.md` into `dir`. */
export async function writeModelDocs(
  dir: string,
  model: tf.LayersModel,
  labels: readonly string[],
  card: Omit<ModelCard, 'weights'>,
): Promise<ModelCard> {
  const bytes = (await stat(join(dir, WEIGHTS_BIN))).size;
  const full: ModelCard = { ...card, weights: { dtype: 'float16', bytes, parameters: model.countParams() } };
  await writeFileAtomic(join(dir, LABELS_JSON), `${JSON.stringify(labels)}\n`);
  await writeFileAtomic(join(dir, MODEL_CARD_JSON), `${JSON.stringify(full, null, 2)}\n`);
  await writeFileAtomic(join(dir, 'README.md'), renderModelReadme(full));
  return full;
}

/** Starts a clock; calling the result gives the wall-clock and CPU seconds (user + system) since. */
export function startClock(): () => { seconds: number; cpuSeconds: number } {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return { seconds: (performance.now() - wall) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
  };
}
