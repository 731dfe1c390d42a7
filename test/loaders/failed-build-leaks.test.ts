// A model file that fails to build (a weight of the wrong shape or dtype, a layer config that cannot
// be applied) leaves no tensor behind, through every loader: each failed load used to keep the
// half-built model's variables and the decoded weights (numTensors 0 -> 20 per load here).
import * as tf from '@tensorflow/tfjs';
import { unzipSync, zipSync } from 'fflate';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadModelFromFiles, loadModelFromUrl } from '../../src/io/load-model-browser.ts';
import { ModelLoadError } from '../../src/io/model-load-error.ts';
import { loadModel } from '../../src/node/models/load-model.ts';
import { serveStatic } from '../browser/static-server.ts';
import { useCpu } from '../support/backend.ts';
import { TINY_CNN } from './fixtures.ts';

let scratch: string;
let count = 0;

/** A copy of a fixture folder with its model.json edited. */
function edited(folder: string, edit: (json: Record<string, any>) => void): string {
  const dir = join(scratch, `${count++}-${folder}`);
  cpSync(join(TINY_CNN, folder), dir, { recursive: true });
  const path = join(dir, 'model.json');
  const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, any>;
  edit(json);
  writeFileSync(path, JSON.stringify(json));
  return dir;
}

const weight = (json: Record<string, any>, name: string): Record<string, any> =>
  json.weightsManifest.flatMap((g: { weights: unknown[] }) => g.weights).find((w: { name: string }) => w.name === name);

/** Loads `times` times, each failing with a ModelLoadError matching `pattern`, and checks no tensor is left. */
async function assertNoLeak(load: () => Promise<unknown>, pattern: RegExp, times = 3): Promise<void> {
  const before = tf.memory().numTensors;
  for (let i = 0; i < times; i++) {
    await assert.rejects(load(), (error: unknown) => {
      assert.ok(error instanceof ModelLoadError, String(error));
      assert.match(error.message, pattern);
      return true;
    });
  }
  assert.equal(tf.memory().numTensors, before, 'failed loads left tensors behind');
}

const layerCases: [string, (json: Record<string, any>) => void, RegExp][] = [
  ['a weight of the wrong shape', (json) => (weight(json, 'dense/kernel').shape = [3, 64]), /Shape mismatch: \[64,3\] vs\. \[3,64\]/],
  ['a weight of the wrong dtype', (json) => (weight(json, 'dense/kernel').dtype = 'int32'), /dtype of the new value \(int32\)/],
  ['a layer that cannot be applied after others were built', (json) => {
    const layers = json.modelTopology.config.layers as { class_name: string }[];
    (layers[layers.length - 1] as { class_name: string }).class_name = 'Add';
  }, /merge layer/],
];

describe('a model that fails to build leaks no tensor', () => {
  before(async () => {
    await useCpu();
    scratch = mkdtempSync(join(tmpdir(), 'failed-builds-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  for (const [title, edit, pattern] of layerCases) {
    it(`layers model.json, ${title}: from a folder, picked files and a URL`, async () => {
      const dir = edited('layers', edit);
      await assertNoLeak(() => loadModel(dir), pattern);
      const files = readdirSync(dir).map((name) => new File([readFileSync(join(dir, name))], name));
      await assertNoLeak(() => loadModelFromFiles(files), pattern);
      const server = await serveStatic(dir);
      try {
        await assertNoLeak(() => loadModelFromUrl(`${server.url}model.json`), pattern);
      } finally {
        await server.close();
      }
    });
  }

  it('a Teachable Machine export whose weight has the wrong shape', async () => {
    const dir = edited('teachable-machine', (json) => {
      const weights = json.weightsManifest[0].weights as { shape: number[] }[];
      const last = weights.find((w) => w.shape.length === 2) as { shape: number[] };
      last.shape = [...last.shape].reverse();
    });
    await assertNoLeak(() => loadModel(dir), /Shape mismatch/);
  });

  it('a graph model whose graph TensorFlow.js cannot build', async () => {
    const dir = edited('graph', (json) => (json.modelTopology.node[2].input = ['nowhere']));
    await assertNoLeak(() => loadModel(dir), /cannot build this graph model/);
  });

  it('a .keras archive whose config cannot be applied after some layers were built', async () => {
    const dir = join(scratch, `${count++}-keras`);
    cpSync(join(TINY_CNN, 'keras'), dir, { recursive: true });
    const file = join(dir, 'tiny_cnn.keras');
    const entries = unzipSync(readFileSync(file));
    const config = JSON.parse(new TextDecoder().decode(entries['config.json'])) as Record<string, any>;
    const layers = config.config.layers as { class_name: string }[];
    (layers[layers.length - 1] as { class_name: string }).class_name = 'Add';
    entries['config.json'] = new TextEncoder().encode(JSON.stringify(config));
    writeFileSync(file, zipSync(entries));
    await assertNoLeak(() => loadModel(file), /cannot build the model config|merge layer|Add/);
  });
});
