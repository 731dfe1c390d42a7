import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { disposeModel } from '../../src/io/dispose-model.ts';
import { loadModelFromFiles, loadModelFromUrl } from '../../src/io/load-model-browser.ts';
import type { ModelFormat } from '../../src/io/loaded-model.ts';
import { modelInputShape } from '../../src/io/model-input-shape.ts';
import { loadModel } from '../../src/node/models/load-model.ts';
import { serveStatic, type StaticServer } from '../browser/static-server.ts';
import { assertClose } from '../support/assert-close.ts';
import { useCpu } from '../support/backend.ts';
import { predictProbe, readProbe, TINY_CNN } from './fixtures.ts';

const probe = readProbe(join(TINY_CNN, 'expected.json'));

const CASES: readonly { path: string; format: ModelFormat }[] = [
  { path: 'layers', format: 'tfjs-layers' },
  { path: 'layers/model.json', format: 'tfjs-layers' },
  { path: 'graph', format: 'tfjs-graph' },
  { path: 'teachable-machine', format: 'teachable-machine' },
  { path: 'keras/tiny_cnn.h5', format: 'keras-h5' },
  { path: 'keras/tiny_cnn.keras', format: 'keras-v3' },
];

function pickedFiles(folder: string): File[] {
  return readdirSync(folder).map((name) => new File([readFileSync(join(folder, name))], name));
}

describe('every format of the same weights gives the same predictions', () => {
  before(useCpu);

  for (const { path, format } of CASES) {
    it(`loads ${path} from disk as ${format}`, async () => {
      const before = tf.memory().numTensors;
      const loaded = await loadModel(join(TINY_CNN, path));
      assert.equal(loaded.format, format);
      assert.equal(loaded.source.startsWith(TINY_CNN), true);
      assertClose(predictProbe(loaded, probe), probe.output.values, { atol: 1e-6, message: path });
      disposeModel(loaded.model);
      assert.equal(tf.memory().numTensors, before, 'no tensors left after dispose');
    });
  }

  it('has a probe whose two samples get clearly different outputs (the comparison is not vacuous)', () => {
    const gaps = [0, 1, 2].map((i) => Math.abs((probe.output.values[i] as number) - (probe.output.values[i + 3] as number)));
    assert.ok(Math.max(...gaps) > 0.3, `gaps ${gaps.join(', ')}`);
  });

  it('reports the input shape of layers and graph models alike', async () => {
    for (const path of ['layers', 'graph']) {
      const loaded = await loadModel(join(TINY_CNN, path));
      assert.deepEqual(modelInputShape(loaded.model), [null, 8, 8, 3], path);
      disposeModel(loaded.model);
    }
  });

  it('reads Teachable Machine labels and its [-1, 1] centre-crop preprocessing', async () => {
    const loaded = await loadModel(join(TINY_CNN, 'teachable-machine'));
    assert.deepEqual(loaded.labels, ['cat', 'dog', 'bird']);
    assert.deepEqual(loaded.preprocessing, { scale: 'symmetric', size: [8, 8], fit: 'center-crop' });
    assert.equal((loaded.model as tf.LayersModel).layers[0]?.getClassName(), 'Sequential', 'nested model kept');
    disposeModel(loaded.model);
  });

  it('takes labels and preprocessing given as options over those of the files', async () => {
    const loaded = await loadModel(join(TINY_CNN, 'teachable-machine'), {
      labels: ['a', 'b', 'c'],
      preprocessing: { scale: 'unit' },
    });
    assert.deepEqual(loaded.labels, ['a', 'b', 'c']);
    assert.deepEqual(loaded.preprocessing, { scale: 'unit' });
    disposeModel(loaded.model);
  });

  for (const folder of ['layers', 'graph', 'teachable-machine', 'keras']) {
    it(`loads picked files of ${folder} (browser File objects)`, async () => {
      const files = pickedFiles(join(TINY_CNN, folder)).filter((file) => !file.name.endsWith('.keras'));
      const loaded = await loadModelFromFiles(files);
      assertClose(predictProbe(loaded, probe), probe.output.values, { atol: 1e-6, message: folder });
      if (folder === 'teachable-machine') assert.deepEqual(loaded.labels, ['cat', 'dog', 'bird']);
      disposeModel(loaded.model);
    });
  }

  describe('over HTTP', () => {
    let server: StaticServer;
    before(async () => {
      server = await serveStatic(TINY_CNN);
    });
    after(async () => server.close());

    for (const { path, format } of CASES) {
      const url = (base: string) => `${base}${path}${path.includes('.') ? '' : '/'}`;
      it(`loads ${path} from a URL as ${format}`, async () => {
        const loaded = await loadModelFromUrl(url(server.url));
        assert.equal(loaded.format, format);
        assertClose(predictProbe(loaded, probe), probe.output.values, { atol: 1e-6, message: path });
        disposeModel(loaded.model);
      });
    }

    it('loads through the Node entry given an http URL, with Teachable Machine labels', async () => {
      const loaded = await loadModel(`${server.url}teachable-machine/model.json`);
      assert.deepEqual(loaded.labels, ['cat', 'dog', 'bird']);
      assert.equal(loaded.source, `${server.url}teachable-machine/model.json`);
      disposeModel(loaded.model);
    });
  });
});
