import * as tf from '@tensorflow/tfjs';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel } from '../src/node/models/load-model.ts';
import { BENCH_MODELS, mapFlops } from './architectures.ts';

/** A model ready to measure. */
export interface LoadedBenchModel {
  name: string;
  model: tf.LayersModel;
  batch: number;
  flops: number;
  /** Built by the bench (not a bundled demo model): its architecture can be exported to PyTorch. */
  builtIn: boolean;
}

const MODELS_DIR = new URL('../models/', import.meta.url).pathname;

/** Names of the bundled demo models (models/NAME/model.json), as "demo NAME". */
export function demoModelNames(): string[] {
  if (!existsSync(MODELS_DIR)) return [];
  return readdirSync(MODELS_DIR).filter((d) => existsSync(join(MODELS_DIR, d, 'model.json'))).map((d) => `demo ${d}`);
}

/** The benchmark models named in `names` (all built-in and demo models when empty), one at a time. */
export async function* loadBenchModels(names: string[]): AsyncGenerator<LoadedBenchModel> {
  const wanted = (name: string) => names.length === 0 || names.includes(name);
  for (const m of BENCH_MODELS) {
    if (!wanted(m.name)) continue;
    const model = await m.build();
    yield { name: m.name, model, batch: m.batch, flops: mapFlops(model, m.batch), builtIn: true };
  }
  for (const name of demoModelNames()) {
    if (!wanted(name)) continue;
    const loaded = await loadModel(join(MODELS_DIR, name.slice('demo '.length), 'model.json'));
    if (!(loaded.model instanceof tf.LayersModel)) continue;
    yield { name, model: loaded.model, batch: 1, flops: mapFlops(loaded.model, 1), builtIn: false };
  }
}
