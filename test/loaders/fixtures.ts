import * as tf from '@tensorflow/tfjs';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedModel } from '../../src/io/loaded-model.ts';

/** Folder of the tiny-CNN fixtures (made by scripts/fixtures/make-model-fixtures.ts). */
export const TINY_CNN = new URL('../fixtures/models/tiny-cnn/', import.meta.url).pathname;

interface Probe {
  input: { shape: number[]; values: number[] };
  output: { shape: number[]; values: number[] };
}

/** A probe input and the output expected for it, from a JSON file. */
export function readProbe(path: string): Probe {
  return JSON.parse(readFileSync(path, 'utf8')) as Probe;
}

/** Runs a loaded model (layers or graph) on the probe's input and returns its output values. */
export function predictProbe(loaded: LoadedModel, probe: Probe): Float32Array {
  return tf.tidy(() => {
    const input = tf.tensor(probe.input.values, probe.input.shape);
    const output = loaded.model.predict(input) as tf.Tensor;
    return output.dataSync() as Float32Array;
  });
}

let copies = 0;

/** A fresh copy of the fixture folder `folder` (e.g. 'layers', 'keras/x') inside `scratch`, to break. */
export function copyFixture(scratch: string, folder: string): string {
  const target = join(scratch, `${copies++}-${folder.replace('/', '-')}`);
  cpSync(join(TINY_CNN, folder), target, { recursive: true });
  return target;
}

/** Rewrites the JSON file at `path` after `edit` changed it. */
export function editJson(path: string, edit: (json: Record<string, any>) => void): void {
  const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;
  edit(json);
  writeFileSync(path, JSON.stringify(json));
}
