/**
 * The preprocessing an ONNX model is loaded with applies on every path that is given pictures: a
 * linear model y = W . x (written here with the engine's GraphBuilder, no Python needed) makes
 * scores and Integrated Gradients closed forms of the normalised input x = (scale(p) - mean) / std.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { main } from '../../src/cli/main.ts';
import type { RgbaImage } from '../../src/core/image.ts';
import { GraphBuilder } from '../../src/engines/onnx/graph/builder.ts';
import { toModelBytes } from '../../src/engines/onnx/graph/model-proto.ts';
import { onnxIntegratedGradients, onnxSaliency } from '../../src/engines/onnx/model/methods.ts';
import { onnxInputBatch } from '../../src/engines/onnx/model/onnx-images.ts';
import { loadOrtRuntime } from '../../src/engines/onnx/node/ort-runtime.ts';
import { loadOnnxModel } from '../../src/node/models/load-onnx-model.ts';
import { relativeError } from '../support/assert-close.ts';

const ORT = (await loadOrtRuntime()).runtime ? false : 'needs onnxruntime-node';
/** W [12, 2]: unit k reads input element i (NCHW [3, 2, 2] flattened) with weight w(i, k). */
const w = (i: number, k: number) => (k === 0 ? (i + 1) / 10 : i % 2 === 0 ? -0.3 : 0.7);
const PICTURE: RgbaImage = { width: 2, height: 2, data: Uint8ClampedArray.from([10, 200, 30, 255, 40, 50, 60, 255, 255, 0, 128, 255, 90, 180, 3, 255]) };

/** The normalised NHWC input of PICTURE: channel c of pixel p from byte b. */
function expectedInput(value: (byte: number, c: number) => number, invert = false, bgr = false): Float32Array {
  const x = new Float32Array(12);
  for (let p = 0; p < 4; p++) for (let c = 0; c < 3; c++) {
    const byte = PICTURE.data[p * 4 + (bgr ? 2 - c : c)] as number;
    x[p * 3 + c] = value(invert ? 255 - byte : byte, c);
  }
  return x;
}

/** W . x per unit, x NHWC [2, 2, 3] (the model reads it NCHW). */
function linear(x: Float32Array, k: number): number {
  let sum = 0;
  for (let p = 0; p < 4; p++) for (let c = 0; c < 3; c++) sum += w(c * 4 + p, k) * (x[p * 3 + c] as number);
  return sum;
}

/** IG from a zero baseline of unit 0 of a linear model: x * W, NHWC. */
const igExact = (x: Float32Array) => Float32Array.from(x, (v, j) => v * w((j % 3) * 4 + Math.floor(j / 3), 0));

describe('ONNX models apply the preprocessing they are loaded with (closed forms on a linear model)', { skip: ORT }, () => {
  let folder: string;
  let path: string;
  before(async () => {
    await tf.setBackend('cpu');
    folder = mkdtempSync(join(tmpdir(), 'onnx-linear-'));
    const b = new GraphBuilder();
    const x = b.input('x', ['N', 3, 2, 2]);
    const flat = b.op('Flatten', [x], { axis: 1 });
    const weights = Float32Array.from({ length: 24 }, (_, j) => w(Math.floor(j / 2), j % 2));
    b.output(b.op('MatMul', [flat, b.constant(weights, [12, 2])]), 'y', ['N', 2]);
    path = join(folder, 'linear.onnx');
    writeFileSync(path, toModelBytes(b.build()));
    await sharp(Buffer.from(PICTURE.data), { raw: { width: 2, height: 2, channels: 4 } }).png().toFile(join(folder, 'p.png'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  const MEAN = [0.5, 0.4, 0.3];
  const STD = [0.2, 0.25, 0.5];
  const normalised = (invert = false) => expectedInput((b, c) => (b / 255 - (MEAN[c] as number)) / (STD[c] as number), invert);

  it('mean/std and invert: the input, the scores and IG (= x * W) of a picture', async () => {
    for (const invert of [false, true]) {
      const model = await loadOnnxModel(path, { threads: 1, preprocessing: { mean: MEAN, std: STD }, invert });
      try {
        const x = normalised(invert);
        assert.ok(relativeError(onnxInputBatch(model, PICTURE).data, x) < 1e-6);
        const ig = await onnxIntegratedGradients(model, PICTURE, { target: 0, steps: 4 });
        assert.ok(Math.abs((ig.meta.scores[0] as number) - linear(x, 0)) < 1e-5);
        assert.ok(relativeError(ig.map.data, igExact(x)) < 1e-5, `invert ${invert}`);
        const saliency = await onnxSaliency(model, [PICTURE, PICTURE], { target: 1 });
        assert.deepEqual(saliency.map.shape, [2, 2, 2, 3]);
        saliency.meta.scores.forEach((s) => assert.ok(Math.abs(s - linear(x, 1)) < 1e-5));
      } finally {
        model.dispose();
      }
    }
  });

  it("presets by name: 'torch' (ImageNet mean/std) and 'caffe' (BGR, 0..255 minus the BGR mean); a bad spec is refused at load", async () => {
    const torch = await loadOnnxModel(path, { threads: 1, preprocessing: 'torch' });
    const caffe = await loadOnnxModel(path, { threads: 1, preprocessing: 'caffe' });
    try {
      const imagenet = expectedInput((b, c) => (b / 255 - ([0.485, 0.456, 0.406][c] as number)) / ([0.229, 0.224, 0.225][c] as number));
      assert.ok(relativeError(onnxInputBatch(torch, PICTURE).data, imagenet) < 1e-6);
      const bgr = expectedInput((b, c) => b - ([103.939, 116.779, 123.68][c] as number), false, true);
      assert.ok(relativeError(onnxInputBatch(caffe, PICTURE).data, bgr) < 1e-6);
    } finally {
      torch.dispose();
      caffe.dispose();
    }
    await assert.rejects(loadOnnxModel(path, { preprocessing: { mean: [1, 2] } }), /preprocessing\.mean: expected 1 or 3/);
    await assert.rejects(loadOnnxModel(path, { preprocessing: 'imagenet' as never }), /preprocessing/);
  });

  it('the CLI applies --preprocess, --mean/--std and --invert in explain and predict', async () => {
    const out = join(folder, 'out');
    const lines: string[] = [];
    const args = ['--model', path, '--mean', MEAN.join(','), '--std', STD.join(','), '--invert', '--threads', '1'];
    assert.equal(await main(['explain', ...args, '--image', join(folder, 'p.png'), '--method', 'integrated-gradients', '--target', '0', '--option', 'steps=4', '--format', 'npy', '--out', out], (l) => lines.push(l)), 0, lines.join('\n'));
    const npy = readFileSync(join(out, readdirSync(out).find((f) => f.endsWith('.npy')) as string));
    const map = new Float32Array(npy.buffer.slice(npy.byteOffset + 10 + npy.readUInt16LE(8), npy.byteOffset + npy.length));
    const x = normalised(true);
    assert.ok(relativeError(map, igExact(x)) < 1e-5);
    lines.length = 0;
    assert.equal(await main(['predict', ...args, '--image', join(folder, 'p.png'), '--top', '2'], (l) => lines.push(l)), 0);
    const scores = [linear(x, 0), linear(x, 1)];
    const top = scores[0] as number > (scores[1] as number) ? 0 : 1;
    assert.match(lines[2] as string, new RegExp(`1\\. class ${top}: ${(scores[top] as number).toFixed(4)}`));
  });
});
