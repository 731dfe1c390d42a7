// `saliency batch` and the files it reads and writes, through spawned processes: output names that
// never collide, an unreadable image that stops nothing, a run whose --out is its --images folder,
// and images of several sizes for a model that takes any size.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { outputStem } from '../../src/cli/image-list.ts';
import { ROOT, runCli, tempDir, writeImages } from '../support/cli.ts';
import { channellessMlp, freeSizeModel, saveLayersModel } from '../support/cli-models.ts';

const MODEL = join(ROOT, 'test/fixtures/models/tiny-cnn/teachable-machine/model.json');
const CPU = ['--backend', 'cpu'];

interface Recorded {
  readonly image: string;
  readonly outputs: string[];
}

function recorded(out: string): Recorded[] {
  return JSON.parse(readFileSync(join(out, 'batch-state.json'), 'utf8')).finished as Recorded[];
}

async function rgb(path: string): Promise<Buffer> {
  return sharp(path).removeAlpha().raw().toBuffer();
}

describe('batch output names', () => {
  test('images whose names differ only in punctuation, spaces or case keep their own outputs', async () => {
    const folder = tempDir();
    const sources = await writeImages(tempDir(), 5);
    const names = ['a.b.png', 'a-b.png', 'a b.png', 'A-B.png', 'a_b.png'];
    names.forEach((name, i) => copyFileSync(sources[i] as string, join(folder, name)));
    const out = tempDir();
    const args = ['batch', '--model', MODEL, '--images', folder, '--format', 'png,npy', '--out', out, ...CPU];
    const run = runCli(args);
    assert.equal(run.status, 0, run.stderr);
    const finished = recorded(out);
    assert.equal(finished.length, 5);
    const outputs = finished.flatMap((f) => f.outputs);
    assert.equal(new Set(outputs.map((o) => o.toLowerCase())).size, outputs.length, `outputs collide: ${outputs.join(', ')}`);
    for (const f of finished) {
      const copy = f.outputs.find((o) => o.endsWith('.image.png')) as string;
      assert.deepEqual(await rgb(join(out, copy)), await rgb(f.image), `${copy} is the picture of ${f.image}`);
    }
    const again = runCli(args);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /resuming: 5 of 5 images already done/);
    assert.deepEqual(recorded(out), finished, 'a resumed run keeps the same names');
    assert.deepEqual(names.map(outputStem), names.map(outputStem), 'stems depend on the name alone');
    assert.equal(outputStem('/x/a.b.png'), 'a.b.png');
  });
});

describe('batch with unreadable images', () => {
  test('a broken image is reported by name, the rest are explained, the exit code is 1; a rerun gets past it', async () => {
    const folder = tempDir();
    await writeImages(folder, 4);
    writeFileSync(join(folder, 'img-001b.png'), Buffer.from('this is not a PNG'));
    writeFileSync(join(folder, 'img-002b.jpg'), Buffer.alloc(0));
    const out = tempDir();
    const args = ['batch', '--model', MODEL, '--images', folder, '--batch-size', '2', '--out', out, ...CPU];
    const first = runCli(args);
    assert.equal(first.status, 1, first.stderr);
    assert.match(first.stdout, /skipped: image '.*img-001b\.png' could not be read as an image/);
    assert.match(first.stdout, /skipped: image '.*img-002b\.jpg' could not be read/);
    assert.match(first.stderr, /2 of 6 images could not be read \(img-001b\.png, img-002b\.jpg\); the other 4 are explained/);
    assert.deepEqual(recorded(out).map((f) => f.image.split('/').pop()), ['img-000.png', 'img-001.png', 'img-002.png', 'img-003.png']);
    assert.match(readFileSync(join(out, 'index.html'), 'utf8'), /img-001b\.png: could not be read/);
    const second = runCli(args);
    assert.equal(second.status, 1);
    assert.match(second.stdout, /resuming: 4 of 6 images already done/);
    assert.match(second.stderr, /2 of 6 images could not be read/);
  });
});

describe('batch whose --out is the --images folder', () => {
  test('its outputs are never taken as inputs, also after the settings change', async () => {
    const folder = tempDir();
    await writeImages(folder, 3);
    const args = ['batch', '--model', MODEL, '--images', folder, '--out', folder, ...CPU];
    const first = runCli(args);
    assert.equal(first.status, 0, first.stderr);
    const second = runCli(args);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /skipping \d+ file\(s\) in the --images folder that are outputs of saliency batch/);
    assert.match(second.stdout, /resuming: 3 of 3 images already done/);
    const third = runCli([...args, '--method', 'guided']);
    assert.equal(third.status, 0, third.stderr);
    assert.equal(recorded(folder).length, 3, 'only the three photos are explained');
    assert.deepEqual(readdirSync(folder).filter((f) => /\.png\..*\.png\./.test(f) || /image\.png\.image/.test(f)), []);
    const inside = join(folder, 'maps');
    mkdirSync(inside);
    const nested = runCli(['batch', '--model', MODEL, '--images', folder, '--out', inside, ...CPU]);
    assert.equal(nested.status, 0, nested.stderr);
    const again = runCli(['batch', '--model', MODEL, '--images', folder, '--out', inside, ...CPU]);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(recorded(inside).length, 3);
  });
});

describe('batch on models of other shapes', () => {
  test('a free-size model explains images of several sizes at their own sizes; an [N, H, W] model runs', async () => {
    const models = tempDir('saliency-models-');
    const anySize = await saveLayersModel(freeSizeModel(), join(models, 'any-size'));
    const mlp = await saveLayersModel(channellessMlp(), join(models, 'mlp'));
    const folder = tempDir();
    await writeImages(folder, 2, 8);
    const big = await writeImages(tempDir(), 1, 12);
    copyFileSync(big[0] as string, join(folder, 'big.png'));
    const out = tempDir();
    const run = runCli(['batch', '--model', anySize, '--images', folder, '--format', 'png', '--out', out, ...CPU]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /the model takes any input size/);
    const overlay = recorded(out).find((f) => f.image.endsWith('big.png'))?.outputs.find((o) => o.endsWith('.overlay.png')) as string;
    const meta = await sharp(join(out, overlay)).metadata();
    assert.deepEqual([meta.width, meta.height], [12, 12]);
    const grey = tempDir();
    const flat = runCli(['batch', '--model', mlp, '--images', folder, '--out', grey, ...CPU]);
    assert.equal(flat.status, 0, flat.stderr);
    assert.equal(recorded(grey).length, 3);
  });
});
