import * as tf from '@tensorflow/tfjs';
import { unzipSync, zipSync } from 'fflate';
import h5wasm, { type File as H5File } from 'h5wasm';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SaliencyError } from '../../src/core/errors.ts';
import { loadModelFromFiles, loadModelFromUrl } from '../../src/io/load-model-browser.ts';
import { ModelLoadError } from '../../src/io/model-load-error.ts';
import { loadModel } from '../../src/node/models/load-model.ts';
import { serveStatic } from '../browser/static-server.ts';
import { useCpu } from '../support/backend.ts';
import { copyFixture, editJson, TINY_CNN } from './fixtures.ts';

let scratch: string;

/** A fresh copy of a fixture folder to break. */
const copyOf = (folder: string): string => copyFixture(scratch, folder);

/** Asserts that loading fails with a ModelLoadError about `file` whose message matches `pattern`, leaking no tensors. */
async function assertLoadError(load: Promise<unknown>, file: string, pattern: RegExp): Promise<void> {
  const before = tf.memory().numTensors;
  await assert.rejects(load, (error: unknown) => {
    assert.ok(error instanceof ModelLoadError, `expected a ModelLoadError, got ${String(error)}`);
    assert.equal(error.file, file);
    assert.match(error.message, pattern);
    assert.ok(error.message.startsWith(file), 'the message starts with the file');
    return true;
  });
  assert.equal(tf.memory().numTensors, before, 'a failed load leaves no tensors');
}

/** Rewrites a copy of an HDF5 file with h5wasm. */
async function editH5(path: string, edit: (file: H5File) => void): Promise<void> {
  const module = await h5wasm.ready;
  module.FS.writeFile('/edit.h5', readFileSync(path));
  const file = new h5wasm.File('/edit.h5', 'a');
  edit(file);
  file.close();
  writeFileSync(path, module.FS.readFile('/edit.h5'));
  module.FS.unlink('/edit.h5');
}

describe('bad model files give an error naming the file', () => {
  before(async () => {
    await useCpu();
    scratch = mkdtempSync(join(tmpdir(), 'bad-models-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  describe('TF.js model.json and shards', () => {
    it('a missing shard', async () => {
      const dir = copyOf('layers');
      unlinkSync(join(dir, 'group1-shard2of2.bin'));
      await assertLoadError(loadModel(dir), join(dir, 'group1-shard2of2.bin'), /is missing/);
    });

    it('a truncated last shard: the message gives the sizes', async () => {
      const dir = copyOf('layers');
      truncateSync(join(dir, 'group1-shard2of2.bin'), 300);
      await assertLoadError(
        loadModel(dir),
        join(dir, 'group1-shard2of2.bin'),
        /truncated: .* hold 1324 bytes \(group1-shard1of2\.bin: 1024 bytes, group1-shard2of2\.bin: 300 bytes\) .* need 1372 bytes/,
      );
    });

    it('a truncated first shard is named, not the last', async () => {
      const dir = copyOf('layers');
      truncateSync(join(dir, 'group1-shard1of2.bin'), 300);
      await assertLoadError(loadModel(dir), join(dir, 'group1-shard1of2.bin'), /truncated/);
    });

    it('a shard longer than the manifest says', async () => {
      const dir = copyOf('layers');
      appendFileSync(join(dir, 'group1-shard2of2.bin'), Buffer.alloc(8));
      await assertLoadError(loadModel(dir), join(dir, 'group1-shard2of2.bin'), /too long: .* hold 1380 bytes/);
    });

    it('a manifest whose weight shapes do not match the bytes', async () => {
      const dir = copyOf('graph');
      editJson(join(dir, 'model.json'), (json) => {
        json.weightsManifest[0].weights[0].shape = [3, 3, 3, 5];
      });
      await assertLoadError(loadModel(dir), join(dir, 'group1-shard1of1.bin'), /truncated: .* hold 1380 bytes .* need 1488 bytes/);
    });

    const escapes: [string, RegExp][] = [
      ['../secret.bin', /climbs out of the folder/],
      ['sub/../../secret.bin', /climbs out of the folder/],
      ['/etc/passwd', /is absolute/],
      ['https://example.com/w.bin', /is a URL/],
      ['C:/weights.bin', /is a URL or drive path/],
      ['..\\secret.bin', /backslash/],
    ];
    for (const [path, pattern] of escapes) {
      it(`a weight path that leaves the folder: ${path}`, async () => {
        const dir = copyOf('layers');
        writeFileSync(join(scratch, 'secret.bin'), Buffer.alloc(1372));
        editJson(join(dir, 'model.json'), (json) => {
          json.weightsManifest[0].paths = [path];
        });
        await assertLoadError(loadModel(dir), join(dir, 'model.json'), pattern);
      });
    }

    it('a shard that is a symbolic link to a file outside the folder', async () => {
      const dir = copyOf('graph');
      const outside = join(scratch, 'outside.bin');
      cpSync(join(dir, 'group1-shard1of1.bin'), outside);
      unlinkSync(join(dir, 'group1-shard1of1.bin'));
      symlinkSync(outside, join(dir, 'group1-shard1of1.bin'));
      await assertLoadError(loadModel(dir), join(dir, 'group1-shard1of1.bin'), /leads outside the model's folder/);
    });

    const rewrites: [string, string, string, string | Buffer, RegExp][] = [
      ['malformed model.json', 'layers', 'model.json', '{"format": "layers-model", "modelTopology": ', /malformed JSON/],
      ['a file that is no model at all', 'layers', 'model.json', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]),
        /neither a TF\.js model\.json, a Keras \.h5 file nor a Keras \.keras archive/],
      ['malformed metadata.json beside a Teachable Machine model', 'teachable-machine', 'metadata.json', '{"labels": ["cat"', /malformed JSON/],
      ['a label file whose count does not match the model', 'layers', 'labels.txt', 'cat\ndog\n', /has 2 labels but the model outputs 3 classes/],
    ];
    for (const [title, folder, name, content, pattern] of rewrites) {
      it(title, async () => {
        const dir = copyOf(folder);
        writeFileSync(join(dir, name), content);
        await assertLoadError(loadModel(dir), join(dir, name), pattern);
      });
    }

    it('a model.json without a topology', async () => {
      const dir = copyOf('layers');
      editJson(join(dir, 'model.json'), (json) => delete json.modelTopology);
      await assertLoadError(loadModel(dir), join(dir, 'model.json'), /'modelTopology' must be an object, found a undefined/);
    });

    it('a weight with an unknown dtype', async () => {
      const dir = copyOf('layers');
      editJson(join(dir, 'model.json'), (json) => {
        json.weightsManifest[0].weights[0].dtype = 'float128';
      });
      await assertLoadError(loadModel(dir), join(dir, 'model.json'), /dtype 'float128'; expected one of float32/);
    });

    it('a shard missing among picked files', async () => {
      const dir = join(TINY_CNN, 'layers');
      const files = ['model.json', 'group1-shard1of2.bin'].map((name) => new File([readFileSync(join(dir, name))], name));
      await assertLoadError(loadModelFromFiles(files), 'group1-shard2of2.bin', /was not among the picked files \(model\.json, group1-shard1of2\.bin\)/);
    });

    it('a shard that is missing on the web server', async () => {
      const dir = copyOf('layers');
      unlinkSync(join(dir, 'group1-shard1of2.bin'));
      const server = await serveStatic(dir);
      try {
        await assertLoadError(loadModelFromUrl(`${server.url}model.json`), `${server.url}group1-shard1of2.bin`, /HTTP 404/);
      } finally {
        await server.close();
      }
    });
  });

  describe('Keras files', () => {
    it('a truncated .h5', async () => {
      const dir = copyOf('keras');
      truncateSync(join(dir, 'tiny_cnn.h5'), 4000);
      await assertLoadError(loadModel(join(dir, 'tiny_cnn.h5')), join(dir, 'tiny_cnn.h5'), /HDF5 file cannot be opened \(truncated file: eof = 4000/);
    });

    it('an .h5 with weights only (no model_config)', async () => {
      const dir = copyOf('keras');
      await editH5(join(dir, 'tiny_cnn.h5'), (file) => file.delete_attribute('model_config'));
      await assertLoadError(loadModel(join(dir, 'tiny_cnn.h5')), join(dir, 'tiny_cnn.h5'), /no 'model_config' attribute: it holds weights only/);
    });

    it('an .h5 whose weights do not fit its config', async () => {
      const dir = copyOf('keras');
      await editH5(join(dir, 'tiny_cnn.h5'), (file) => {
        const config = String(file.attrs['model_config']?.value).replace('"units":3', '"units":4');
        file.delete_attribute('model_config');
        file.create_attribute('model_config', config);
      });
      await assertLoadError(
        loadModel(join(dir, 'tiny_cnn.h5')),
        join(dir, 'tiny_cnn.h5'),
        /weight 'kernel' of layer 'dense' \(Dense\) has shape \[64, 3\] in the file but the model needs \[64, 4\]/,
      );
    });

    it('a .keras archive without model.weights.h5', async () => {
      const dir = copyOf('keras');
      const entries = unzipSync(readFileSync(join(dir, 'tiny_cnn.keras')));
      delete entries['model.weights.h5'];
      writeFileSync(join(dir, 'tiny_cnn.keras'), zipSync(entries));
      await assertLoadError(loadModel(join(dir, 'tiny_cnn.keras')), join(dir, 'tiny_cnn.keras'), /missing model\.weights\.h5/);
    });

    it('a .keras archive with a malformed config.json names the entry', async () => {
      const dir = copyOf('keras');
      const entries = unzipSync(readFileSync(join(dir, 'tiny_cnn.keras')));
      entries['config.json'] = new TextEncoder().encode('{"class_name": "Functional",');
      writeFileSync(join(dir, 'tiny_cnn.keras'), zipSync(entries));
      const file = join(dir, 'tiny_cnn.keras');
      await assertLoadError(loadModel(file), `${file}/config.json`, /malformed JSON/);
    });

    it('a damaged zip', async () => {
      const dir = copyOf('keras');
      const file = join(dir, 'tiny_cnn.keras');
      truncateSync(file, 200);
      await assertLoadError(loadModel(file), file, /not a readable zip archive|missing/);
    });
  });

  describe('paths and arguments', () => {
    it('a path that does not exist', async () => {
      const path = join(scratch, 'nothing-here');
      await assertLoadError(loadModel(path), path, /does not exist/);
    });

    it('a folder with no model', async () => {
      await assert.rejects(loadModel(scratch), (error: unknown) => {
        assert.ok(error instanceof SaliencyError);
        assert.match(error.message, /^files: folder .* hold no model: expected a model\.json or one Keras file/);
        return true;
      });
    });

    it('a folder with two Keras files and no model.json', async () => {
      const dir = copyOf('keras');
      await assert.rejects(loadModel(dir), /several Keras files \(tiny_cnn\.h5, tiny_cnn\.keras\)/);
    });

    it('an empty path', async () => {
      await assert.rejects(loadModel(''), /pathOrUrl: expected a file or folder path/);
    });

    it('a relative URL for loadModelFromUrl', async () => {
      await assert.rejects(loadModelFromUrl('models/model.json'), /url: 'models\/model\.json' is not an absolute URL/);
    });
  });
});
