import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { disposeModel } from '../../src/io/dispose-model.ts';
import { ModelLoadError } from '../../src/io/model-load-error.ts';
import { loadModel } from '../../src/node/models/load-model.ts';
import { assertClose } from '../support/assert-close.ts';
import { useCpu } from '../support/backend.ts';
import { predictProbe, readProbe } from './fixtures.ts';

const WRITER = new URL('../../scripts/fixtures/write_keras_with_h5py.py', import.meta.url).pathname;

/** The first Python 3 that has h5py and numpy (Debian's python3-h5py / python3-numpy, see .ci/apt-packages). */
function pythonWithH5py(): string {
  for (const python of ['/usr/bin/python3', 'python3']) {
    const probe = spawnSync(python, ['-c', 'import h5py, numpy'], { stdio: 'ignore' });
    if (probe.status === 0) return python;
  }
  throw new Error('no python3 with h5py and numpy: install the Debian packages python3-h5py and python3-numpy');
}

describe('Keras files written by an independent writer (h5py + numpy, no Keras)', () => {
  let folder: string;
  before(async () => {
    await useCpu();
    folder = mkdtempSync(join(tmpdir(), 'keras-h5py-'));
    execFileSync(pythonWithH5py(), [WRITER, folder]);
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  for (const [file, format] of [['nested.h5', 'keras-h5'], ['nested.keras', 'keras-v3'], ['windows.keras', 'keras-v3']] as const) {
    it(`${file}: a Sequential with a nested functional model predicts what numpy computes`, async () => {
      const before = tf.memory().numTensors;
      const loaded = await loadModel(join(folder, file));
      assert.equal(loaded.format, format);
      const model = loaded.model as tf.LayersModel;
      assert.deepEqual(model.layers.map((layer) => layer.name), ['features', 'global_average_pooling2d', 'dense']);
      const probe = readProbe(join(folder, 'reference.json'));
      assertClose(predictProbe(loaded, probe), probe.output.values, { atol: 1e-5, message: file });
      disposeModel(loaded.model);
      assert.equal(tf.memory().numTensors, before);
    });
  }

  it('windows-misnamed.keras: a layer without weights names the weight groups the file does hold', async () => {
    const before = tf.memory().numTensors;
    await assert.rejects(loadModel(join(folder, 'windows-misnamed.keras')), (error: unknown) => {
      assert.ok(error instanceof ModelLoadError);
      assert.match(error.message, /has no weights for layer 'dense' \(Dense\); the weight groups in the file are /);
      assert.ok(error.message.includes("'layers\\dense_19'"), error.message);
      assert.ok(error.message.includes("'layers\\functional\\layers\\conv2d'"), error.message);
      return true;
    });
    assert.equal(tf.memory().numTensors, before);
  });

  it('lambda.h5: a Lambda layer fails with an error naming the layer and its class', async () => {
    const before = tf.memory().numTensors;
    await assert.rejects(loadModel(join(folder, 'lambda.h5')), (error: unknown) => {
      assert.ok(error instanceof ModelLoadError);
      assert.equal(error.file, join(folder, 'lambda.h5'));
      assert.match(error.message, /layer 'scale_by_two' has class Lambda, which TensorFlow\.js does not support/);
      assert.match(error.message, /Conv2D/, 'lists the supported classes');
      return true;
    });
    assert.equal(tf.memory().numTensors, before);
  });
});
