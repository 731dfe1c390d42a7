import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { main } from '../../src/cli/main.ts';
import { onnxSaliency } from '../../src/engines/onnx/model/methods.ts';
import { getMethod } from '../../src/methods/registry.ts';
import { loadOnnxModel } from '../../src/node/models/load-onnx-model.ts';
import { relativeError } from '../support/assert-close.ts';
import { exportModels, SKIP } from './fixtures.ts';

/** The float32 values of a .npy file (little-endian '<f4', C order). */
function readNpy(path: string): Float32Array {
  const bytes = readFileSync(path);
  const headerLength = bytes.readUInt16LE(8);
  const start = 10 + headerLength;
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + bytes.length));
}

describe('saliency explain --model m.onnx', { skip: SKIP }, () => {
  let models: ReturnType<typeof exportModels>;
  let digit: string;
  const pixels = Buffer.alloc(28 * 28);
  before(async () => {
    models = exportModels();
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37) % 256;
    digit = join(models.scratch, 'digit.png');
    await sharp(pixels, { raw: { width: 28, height: 28, channels: 1 } }).png().toFile(digit);
  });
  after(() => models.remove());

  it('--method saliency with --mean/--std writes the input gradient of (p/255 - 0.1307)/0.3081', async () => {
    const out = join(models.scratch, 'saliency');
    const lines: string[] = [];
    const model = join(models.folder, 'mnist.onnx');
    const code = await main(['explain', '--model', model, '--image', digit, '--method', 'saliency', '--mean', '0.1307', '--std', '0.3081', '--format', 'npy,png', '--out', out, '--threads', '1'], (l) => lines.push(l));
    assert.equal(code, 0, lines.join('\n'));
    assert.match(lines[0] as string, /ONNX, NCHW .*input 28x28x1, 10 outputs/);
    const npy = readdirSync(out).filter((f) => f.endsWith('.npy'));
    assert.equal(npy.length, 1);
    const written = readNpy(join(out, npy[0] as string));
    const loaded = await loadOnnxModel(model, { threads: 1 });
    try {
      const x = Float32Array.from(pixels, (p) => (p / 255 - 0.1307) / 0.3081);
      const expected = await onnxSaliency(loaded, { data: x, shape: [1, 28, 28, 1] });
      assert.ok(relativeError(written, expected.map.data) < 1e-6);
      assert.ok(readdirSync(out).some((f) => f.endsWith('.png')));
    } finally {
      loaded.dispose();
    }
  });

  it('--method occlusion runs the model as a function model where occlusion takes one, else says why', async () => {
    const out = join(models.scratch, 'occlusion');
    const lines: string[] = [];
    const args = ['explain', '--model', join(models.folder, 'mnist.onnx'), '--image', digit, '--method', 'occlusion', '--invert', '--option', 'window=7', '--option', 'stride=7', '--format', 'npy', '--out', out];
    const code = await main(args, (l) => lines.push(l));
    if ((getMethod('occlusion') as { takesFunctionModel?: boolean }).takesFunctionModel) {
      assert.equal(code, 0, lines.join('\n'));
      const map = readNpy(join(out, readdirSync(out).find((f) => f.endsWith('.npy')) as string));
      assert.equal(map.length, 28 * 28);
      assert.ok(map.some((v) => v !== 0));
    } else {
      assert.equal(code, 2);
    }
  });

  it('--max-image-pixels bounds the pictures an ONNX model is explained on, as for TF.js models', async () => {
    const lines: string[] = [];
    const args = ['explain', '--model', join(models.folder, 'mnist.onnx'), '--image', digit, '--method', 'saliency', '--max-image-pixels', '100', '--out', join(models.scratch, 'bounded')];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => lines.push(String(chunk)) > 0) as typeof process.stderr.write;
    const code = await main(args, (l) => lines.push(l)).finally(() => (process.stderr.write = write));
    assert.notEqual(code, 0);
    assert.match(lines.join('\n'), /is 28 x 28 pixels \(784\), more than the limit of 100; raise maxPixels \(CLI --max-image-pixels\)/);
  });

  it('a long perturbation run on an ONNX model is announced with its evaluations (128 masks + the unmasked score) before the map is written', async () => {
    const out = join(models.scratch, 'rise');
    const lines: string[] = [];
    const args = ['explain', '--model', join(models.folder, 'mnist.onnx'), '--image', digit, '--method', 'rise', '--invert', '--option', 'masks=128', '--format', 'npy', '--out', out];
    const code = await main(args, (l) => lines.push(l));
    assert.equal(code, 0, lines.join('\n'));
    const announced = lines.findIndex((l) => /^rise: about 129 model evaluations, ~/.test(l));
    const written = lines.findIndex((l) => l.startsWith('rise for '));
    assert.ok(announced >= 0 && written > announced, lines.join('\n'));
  });
});
