// A .onnx model exported with its batch fixed at 4 (export_models.py 'fixed4'): `saliency batch`
// over 6 pictures in chunks of 4 (the last short chunk runs padded) writes, for every picture, the
// map onnxSaliency gives for that picture alone (a run of 1 row padded to 4).
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { main } from '../../src/cli/main.ts';
import { onnxSaliency } from '../../src/engines/onnx/model/methods.ts';
import { loadImage } from '../../src/node/images.ts';
import { loadOnnxModel } from '../../src/node/models/load-onnx-model.ts';
import { relativeError } from '../support/assert-close.ts';
import { exportModels, SKIP } from './fixtures.ts';

/** The float32 values of a .npy file (little-endian '<f4', C order). */
function readNpy(path: string): Float32Array {
  const bytes = readFileSync(path);
  const start = 10 + bytes.readUInt16LE(8);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + bytes.length));
}

describe('saliency batch on a .onnx model with a fixed batch of 4', { skip: SKIP }, () => {
  let models: ReturnType<typeof exportModels>;
  let digits: string;
  before(async () => {
    models = exportModels();
    digits = join(models.scratch, 'digits');
    mkdirSync(digits);
    for (let k = 0; k < 6; k++) {
      const pixels = Buffer.alloc(28 * 28);
      for (let i = 0; i < pixels.length; i++) pixels[i] = (i * (13 + 4 * k) + 29 * k) % 256;
      await sharp(pixels, { raw: { width: 28, height: 28, channels: 1 } }).png().toFile(join(digits, `d${k}.png`));
    }
  });
  after(() => models.remove());

  it('6 pictures in chunks of 4 and 2 (padded): every map equals the picture explained alone', async () => {
    const file = join(models.folder, 'fixed4.onnx');
    const out = join(models.scratch, 'batch');
    const lines: string[] = [];
    const code = await main(['batch', '--model', file, '--images', digits, '--method', 'saliency', '--format', 'npy', '--batch-size', '4', '--out', out, '--threads', '1'], (l) => lines.push(l));
    assert.equal(code, 0, lines.join('\n'));
    const model = await loadOnnxModel(file, { threads: 1 });
    try {
      assert.equal(model.maxBatch, 4);
      for (let k = 0; k < 6; k++) {
        const alone = await onnxSaliency(model, await loadImage(join(digits, `d${k}.png`)));
        const written = readNpy(join(out, readdirSync(out).find((f) => f.startsWith(`d${k}.`) && f.endsWith('.npy')) as string));
        assert.equal(written.length, 28 * 28);
        assert.ok(alone.map.data.some((v) => v !== 0), 'a nonzero map');
        const error = relativeError(written, alone.map.data);
        assert.ok(error < 1e-6, `d${k}: relative error ${error}`);
      }
    } finally {
      model.dispose();
    }
  });
});
