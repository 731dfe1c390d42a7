// Hostile model files (issue 12, items 14-16), generated at test time: every size a file states is
// checked against a limit before anything is allocated, nothing blocks (FIFOs, devices, servers that
// stall), and no URL a manifest names leaves the model's folder or origin once resolved.
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadModelFromFiles, loadModelFromUrl } from '../../src/io/load-model-browser.ts';
import { ModelLoadError } from '../../src/io/model-load-error.ts';
import { loadModel, readLabelFile } from '../../src/node/models/load-model.ts';
import { useCpu } from '../support/backend.ts';
import { copyFixture, editJson, TINY_CNN } from './fixtures.ts';
import { fifo, hdf5Declaring, sparseFile, testServer, zipDeclaring } from './hostile-corpus.ts';

let scratch: string;

/** A fresh copy of a fixture folder to break. */
const copyOf = (folder: string): string => copyFixture(scratch, folder);

/** Loading fails with a ModelLoadError about `file` matching `pattern`, and leaks no tensors. */
async function refused(load: Promise<unknown>, file: string | RegExp, pattern: RegExp): Promise<void> {
  const before = tf.memory().numTensors;
  await assert.rejects(load, (error: unknown) => {
    assert.ok(error instanceof ModelLoadError, `expected a ModelLoadError, got ${String(error)}`);
    if (typeof file === 'string') assert.equal(error.file, file);
    else assert.match(error.file, file);
    assert.match(error.message, pattern);
    return true;
  });
  assert.equal(tf.memory().numTensors, before);
}

/** Serves the files under `root`, recording requests. */
function fileServer(root: string): ReturnType<typeof testServer> {
  return testServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const file = join(root, ...decodeURIComponent(path).split('/'));
    try {
      const body = readFileSync(file);
      response.writeHead(200).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
}

describe('hostile model files are refused before they are read', () => {
  before(async () => {
    await useCpu();
    scratch = mkdtempSync(join(tmpdir(), 'hostile-models-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  describe('sizes (item 14)', () => {
    it('a 1.2 GB shard is refused by its size, naming the limit and the option that raises it', async () => {
      const dir = copyOf('layers');
      sparseFile(join(dir, 'group1-shard2of2.bin'), 1.2e9);
      await refused(loadModel(dir), join(dir, 'group1-shard2of2.bin'), /is 1\.1 GiB, more than the .* left of the limit of 1\.0 GiB for the whole model; raise maxModelBytes \(CLI --max-model-bytes\)/);
    });

    it('maxModelBytes bounds all the files together', async () => {
      const dir = copyOf('layers');
      const limit = readFileSync(join(dir, 'model.json')).length + 100;
      await refused(loadModel(dir, { maxModelBytes: limit }), join(dir, 'model.json'), /lists weights of .* more than the \d+ bytes left of the limit of .*maxModelBytes/);
      editJson(join(dir, 'model.json'), (json) => {
        json.weightsManifest[0].weights[0].dtype = 'string'; // sizes no longer declared: the shards' own sizes count
      });
      await refused(loadModel(dir, { maxModelBytes: readFileSync(join(dir, 'model.json')).length + 100 }), /group1-shard1of2\.bin$/, /is 1\.0 KiB, more than the 100 bytes left of the limit of .* for the whole model; raise maxModelBytes/);
    });

    it('a manifest declaring more weights than the limit is refused before any shard is read', async () => {
      const dir = copyOf('layers');
      editJson(join(dir, 'model.json'), (json) => {
        json.weightsManifest[0].weights[0].shape = [1_000_000, 1000];
      });
      rmSync(join(dir, 'group1-shard1of2.bin'));
      await refused(loadModel(dir), join(dir, 'model.json'), /lists weights of 3\.7 GiB, more than .*maxModelBytes/);
    });

    it('a model.json larger than maxJsonBytes', async () => {
      const dir = copyOf('layers');
      await refused(loadModel(dir, { maxJsonBytes: 100 }), join(dir, 'model.json'), /more than the limit of 100 bytes; raise maxJsonBytes \(CLI --max-json-bytes\)/);
    });

    it('a label file larger than maxJsonBytes, and /dev/zero as a label file', async () => {
      const labels = join(scratch, 'labels.txt');
      sparseFile(labels, 100 * 2 ** 20);
      await refused(readLabelFile(labels), labels, /is 100 MiB, more than the limit of 64 MiB; raise maxJsonBytes/);
      await refused(readLabelFile('/dev/zero'), '/dev/zero', /is a device, not a regular file/);
    });

    it('/dev/zero as a model', async () => {
      await refused(loadModel('/dev/zero'), '/dev/zero', /is a device, not a regular file/);
    });

    it('a .keras entry declaring 1 GiB is refused before it is inflated', async () => {
      const archive = readFileSync(join(TINY_CNN, 'keras', 'tiny_cnn.keras'));
      const { unzipSync } = await import('fflate');
      const entries = unzipSync(archive);
      const file = join(scratch, 'bomb.keras');
      writeFileSync(file, zipDeclaring(entries, 'model.weights.h5', 2 ** 30 + 1));
      await refused(loadModel(file), `${file}/model.weights.h5`, /brings the inflated entries to 1\.0 GiB, more than the limit of 1\.0 GiB; raise maxModelBytes/);
    });

    it('a .keras config.json declaring 600 MB is refused before it is inflated', async () => {
      const { unzipSync } = await import('fflate');
      const entries = unzipSync(readFileSync(join(TINY_CNN, 'keras', 'tiny_cnn.keras')));
      const file = join(scratch, 'config-bomb.keras');
      writeFileSync(file, zipDeclaring(entries, 'config.json', 600e6));
      await refused(loadModel(file), `${file}/config.json`, /declares an inflated size of 572 MiB, more than the limit of 64 MiB; raise maxJsonBytes/);
    });

    it('an HDF5 file of a few KB declaring 1.2 GB of weights is refused before they are read', async () => {
      const file = join(scratch, 'bomb.h5');
      writeFileSync(file, await hdf5Declaring(300_000_000));
      assert.ok(readFileSync(file).length < 10_000);
      await refused(loadModel(file), file, /declares datasets of more than 1\.1 GiB \(at \/weights, shape \[300000000\]\).*raise maxModelBytes/);
    });

    it('picked files larger than the limit are refused by their size', async () => {
      const dir = join(TINY_CNN, 'layers');
      const files = readdirSync(dir).map((name) => new File([readFileSync(join(dir, name))], name));
      await refused(loadModelFromFiles(files, { maxJsonBytes: 100 }), 'model.json', /maxJsonBytes/);
    });
  });

  describe('nothing blocks (item 15)', () => {
    it('a FIFO given as model.json is refused without opening it', async () => {
      const dir = join(scratch, 'fifo-model');
      mkdirSync(dir);
      fifo(join(dir, 'model.json'));
      await refused(loadModel(dir), join(dir, 'model.json'), /is a FIFO \(named pipe\), not a regular file/);
      await refused(loadModel(join(dir, 'model.json')), join(dir, 'model.json'), /is a FIFO/);
    });

    it('a FIFO as a weight shard or a label file', async () => {
      const dir = copyOf('layers');
      rmSync(join(dir, 'group1-shard1of2.bin'));
      fifo(join(dir, 'group1-shard1of2.bin'));
      await refused(loadModel(dir), join(dir, 'group1-shard1of2.bin'), /is a FIFO/);
      fifo(join(scratch, 'labels.fifo'));
      await refused(readLabelFile(join(scratch, 'labels.fifo')), join(scratch, 'labels.fifo'), /is a FIFO/);
    });

    it('a server that accepts and never answers: the read timeout', async () => {
      const server = await testServer(() => undefined);
      try {
        await refused(loadModelFromUrl(`${server.url}model.json`, { readTimeoutMs: 50 }), `${server.url}model.json`, /timed out: the server sent nothing for 50 ms \(readTimeoutMs, CLI --read-timeout\)/);
        await refused(readLabelFile(`${server.url}labels.txt?v=2`, { readTimeoutMs: 50 }), `${server.url}labels.txt?v=2`, /timed out/);
      } finally {
        await server.close();
      }
    });

    it('a server that stalls in the middle of a body', async () => {
      const server = await testServer((_, response) => {
        response.writeHead(200, { 'content-length': '1000' });
        response.write('{"modelTopology": ');
      });
      try {
        await refused(loadModelFromUrl(`${server.url}model.json`, { readTimeoutMs: 50 }), `${server.url}model.json`, /timed out: the server sent nothing for 50 ms/);
      } finally {
        await server.close();
      }
    });

    it('a server that sends a byte now and then: the overall load timeout', async () => {
      const server = await testServer((_, response) => {
        response.writeHead(200);
        const timer = setInterval(() => response.write(' '), 5);
        response.on('close', () => clearInterval(timer));
      });
      try {
        await refused(
          loadModelFromUrl(`${server.url}model.json`, { readTimeoutMs: 10_000, loadTimeoutMs: 100 }),
          `${server.url}model.json`,
          /timed out: the model did not load within 100 ms \(loadTimeoutMs, CLI --load-timeout\)/,
        );
      } finally {
        await server.close();
      }
    });

    it('a body longer than the limit is cut off as it arrives, with or without a Content-Length', async () => {
      const server = await testServer((request, response) => {
        if (request.url === '/declared/model.json') response.writeHead(200, { 'content-length': String(2 ** 20) }).end(Buffer.alloc(2 ** 20, 32));
        else response.writeHead(200).end(Buffer.alloc(2 ** 20, 32));
      });
      try {
        await refused(loadModelFromUrl(`${server.url}declared/model.json`, { maxModelBytes: 1000 }), `${server.url}declared/model.json`, /is \(by its Content-Length\) 1\.0 MiB, more than the limit of 1000 bytes/);
        await refused(loadModelFromUrl(`${server.url}chunked/model.json`, { maxModelBytes: 1000 }), `${server.url}chunked/model.json`, /sends at least 64 KiB, more than the limit of 1000 bytes; raise maxModelBytes/);
      } finally {
        await server.close();
      }
    });
  });

  describe('URLs stay in the model folder and origin once resolved (item 16)', () => {
    let root: string;
    before(() => {
      root = join(scratch, 'site');
      mkdirSync(root);
      cpSync(join(TINY_CNN, 'layers'), join(root, 'model'), { recursive: true });
      writeFileSync(join(root, 'secret.bin'), Buffer.alloc(1372));
    });

    const escapes: [string, RegExp][] = [
      ['%2e%2e/secret.bin', /resolves to \/secret\.bin, outside the model's folder \/model\//],
      ['%2E%2E/secret.bin', /outside the model's folder/],
      ['sub/%2e%2e/%2e%2e/secret.bin', /outside the model's folder/],
      ['..%2fsecret.bin', /holds the segment '\.\.%2fsecret\.bin', which a server may read as '\.\.\/secret\.bin'/],
      ['%2e%2e%5csecret.bin', /which a server may read as '\.\.\\secret\.bin'/],
    ];
    for (const [path, pattern] of escapes) {
      it(`a shard path that climbs once decoded: ${path}`, async () => {
        const server = await fileServer(root);
        editJson(join(root, 'model', 'model.json'), (json) => {
          json.weightsManifest[0].paths = [path, 'group1-shard2of2.bin'];
        });
        try {
          await refused(loadModelFromUrl(`${server.url}model/model.json`), `${server.url}model/model.json`, pattern);
          assert.deepEqual(server.requests, ['/model/model.json'], 'no request leaves the model folder');
        } finally {
          await server.close();
        }
      });
    }

    it('a shard path with tab-slashes sends no request to another origin', async () => {
      const server = await fileServer(root);
      const other = await testServer((_, response) => response.writeHead(200).end(Buffer.alloc(1372)));
      const otherHost = new URL(other.url).host;
      editJson(join(root, 'model', 'model.json'), (json) => {
        json.weightsManifest[0].paths = [`\t/\t/${otherHost}/w.bin`, 'group1-shard2of2.bin'];
      });
      try {
        await refused(loadModelFromUrl(`${server.url}model/model.json`), `${server.url}model/model.json`, new RegExp(`resolves to http://${otherHost}, another origin than the model's`));
        assert.deepEqual(other.requests, [], 'the other origin received no request');
        assert.deepEqual(server.requests, ['/model/model.json']);
      } finally {
        await server.close();
        await other.close();
      }
    });

    it('a model whose shards stay inside still loads from the server', async () => {
      const server = await fileServer(root);
      cpSync(join(TINY_CNN, 'layers', 'model.json'), join(root, 'model', 'model.json'));
      try {
        const loaded = await loadModelFromUrl(`${server.url}model/model.json`, { readTimeoutMs: 5000 });
        loaded.model.dispose();
      } finally {
        await server.close();
      }
    });
  });
});
