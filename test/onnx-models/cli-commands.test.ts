import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { main } from '../../src/cli/main.ts';
import { onnxCam } from '../../src/engines/onnx/model/cams.ts';
import { onnxInputBatch } from '../../src/engines/onnx/model/onnx-images.ts';
import { loadOnnxModel } from '../../src/node/models/load-onnx-model.ts';
import { loadImage } from '../../src/node/images.ts';
import { relativeError } from '../support/assert-close.ts';
import { exportModels, SKIP } from './fixtures.ts';

/** The float32 values of a .npy file (little-endian '<f4', C order). */
function readNpy(path: string): Float32Array {
  const bytes = readFileSync(path);
  const start = 10 + bytes.readUInt16LE(8);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + bytes.length));
}

const MEAN = ['--mean', '0.485,0.456,0.406', '--std', '0.229,0.224,0.225'];

describe('saliency explain (CAMs), layers, predict and batch on .onnx models', { skip: SKIP }, () => {
  let models: ReturnType<typeof exportModels>;
  let photos: string;
  let resnet: string;
  const run = async (args: string[]) => {
    const lines: string[] = [];
    const code = await main([...args, '--threads', '1'], (l) => lines.push(l));
    return { code, lines };
  };
  before(async () => {
    models = exportModels();
    resnet = join(models.folder, 'resnet.onnx');
    photos = join(models.scratch, 'photos');
    mkdirSync(photos);
    for (let k = 0; k < 3; k++) {
      const pixels = Buffer.alloc(32 * 32 * 3);
      for (let i = 0; i < pixels.length; i++) pixels[i] = (i * (31 + 6 * k) + 17 * k) % 256;
      await sharp(pixels, { raw: { width: 32, height: 32, channels: 3 } }).png().toFile(join(photos, `p${k}.png`));
    }
  });
  after(() => models.remove());

  it('explain --method grad-cam --mean/--std writes the map onnxCam gives for the picture preprocessed by the model', async () => {
    const out = join(models.scratch, 'cam');
    const { code, lines } = await run(['explain', '--model', resnet, '--image', join(photos, 'p0.png'), '--method', 'grad-cam', '--option', 'relu=false', ...MEAN, '--format', 'npy', '--out', out]);
    assert.equal(code, 0, lines.join('\n'));
    assert.match(lines.at(-1) as string, /grad-cam for class \d at '[^']+Relu[^']*'/);
    const written = readNpy(join(out, readdirSync(out).find((f) => f.endsWith('.npy')) as string));
    const model = await loadOnnxModel(resnet, { threads: 1, preprocessing: 'torch' });
    try {
      const expected = await onnxCam(model, await loadImage(join(photos, 'p0.png')), { relu: false });
      assert.equal(written.length, 32 * 32);
      assert.ok(relativeError(written, expected.map.data) < 1e-6);
    } finally {
      model.dispose();
    }
  });

  it('layers lists the tensors with shapes, marks CAM maps and names the default; a wrong --layer is refused', async () => {
    const { code, lines } = await run(['layers', '--model', resnet]);
    assert.equal(code, 0, lines.join('\n'));
    assert.match(lines[0] as string, /index\s+node\s+op\s+shape\s+CAM\s+tensor/);
    assert.ok(lines.some((l) => /\sConv\s+\[N, 8, 16, 16\]\s+yes\s/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /\sGemm\s+\[N, 5\]\s/.test(l)));
    assert.match(lines.at(-1) as string, /CAM methods read '[^']+' unless --layer/);
    const bad = await run(['explain', '--model', resnet, '--image', join(photos, 'p0.png'), '--method', 'grad-cam', '--layer', 'nope', '--out', join(models.scratch, 'bad')]);
    assert.notEqual(bad.code, 0);
  });

  it('predict ranks the classes of each image with the stated preprocessing', async () => {
    const { code, lines } = await run(['predict', '--model', resnet, '--image', join(photos, 'p0.png'), join(photos, 'p1.png'), '--top', '2', ...MEAN]);
    assert.equal(code, 0, lines.join('\n'));
    assert.match(lines[0] as string, /ONNX, NCHW/);
    assert.equal(lines.filter((l) => /^\s+[12]\. class \d: -?\d/.test(l)).length, 4);
    const model = await loadOnnxModel(resnet, { threads: 1, preprocessing: 'torch' });
    try {
      const scores = await model.predict(onnxInputBatch(model, await loadImage(join(photos, 'p1.png'))).data, 1);
      const top = Array.from(scores).indexOf(Math.max(...scores));
      assert.match(lines[5] as string, new RegExp(`1\\. class ${top}: ${(scores[top] as number).toFixed(4)}`));
    } finally {
      model.dispose();
    }
  });

  it('batch explains a folder in one chunk, writes the gallery, and resumes', async () => {
    const out = join(models.scratch, 'batch');
    const args = ['batch', '--model', resnet, '--images', photos, '--method', 'saliency', ...MEAN, '--format', 'png,npy', '--out', out];
    const first = await run(args);
    assert.equal(first.code, 0, first.lines.join('\n'));
    assert.equal(readdirSync(out).filter((f) => f.endsWith('.saliency.npy')).length, 3);
    assert.ok(readdirSync(out).includes('index.html'));
    const again = await run(args);
    assert.ok(again.lines.some((l) => /resuming: 3 of 3/.test(l)), again.lines.join('\n'));
  });
});
