// The CLI on the shapes real models have, through spawned processes: inputs without a channel axis
// ([N, H, W] MLPs), several outputs (--output), a free input size (--size or the image's own), and
// centre-crop models whose maps must sit on the region the model saw.
import { execFileSync, spawnSync } from 'node:child_process';
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { reduceChannels } from '../../src/core/reduce.ts';
import { renderMap } from '../../src/render/render-map.ts';
import { ROOT, runCli, tempDir, writeImages } from '../support/cli.ts';
import { channellessMlp, freeSizeModel, saveLayersModel, twoOutputModel } from '../support/cli-models.ts';

const TEACHABLE = join(ROOT, 'test/fixtures/models/tiny-cnn/teachable-machine/model.json');
const CPU = ['--backend', 'cpu'];
let mlp = '';
let twoHeads = '';
let anySize = '';
let square = '';
let wide = '';

async function writePicture(path: string, width: number, height: number, seed: number): Promise<string> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37 + seed * 101 + Math.floor(i / (width * 3)) * 13) % 256;
  await sharp(pixels, { raw: { width, height, channels: 3 } }).png().toFile(path);
  return path;
}

async function pixels(path: string): Promise<{ width: number; height: number; data: Uint8Array }> {
  const { data, info } = await sharp(path).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

before(async () => {
  const models = tempDir('saliency-models-');
  mlp = await saveLayersModel(channellessMlp(), join(models, 'mlp'));
  twoHeads = await saveLayersModel(twoOutputModel(), join(models, 'two-heads'));
  anySize = await saveLayersModel(freeSizeModel(), join(models, 'any-size'));
  [square] = await writeImages(tempDir(), 1);
  wide = await writePicture(join(tempDir(), 'wide.png'), 24, 8, 3);
});

describe('models without a channel axis ([N, H, W])', () => {
  test('explain, predict and layers treat the input as a one-channel image', async () => {
    const out = tempDir();
    const explain = runCli(['explain', '--model', mlp, '--image', square as string, '--format', 'png,json', '--out', out, ...CPU]);
    assert.equal(explain.status, 0, explain.stderr);
    assert.match(explain.stdout, /1\. class \d: 0\.\d{4}/);
    const json = JSON.parse(readFileSync(join(out, readdirSync(out).find((f) => f.endsWith('.json')) as string), 'utf8'));
    assert.deepEqual(json.map.shape, [8, 8], 'one map value per pixel');
    const overlay = await pixels(join(out, readdirSync(out).find((f) => f.endsWith('.overlay.png')) as string));
    assert.deepEqual([overlay.width, overlay.height], [8, 8]);
    const predict = runCli(['predict', '--model', mlp, '--image', square as string, '--top', '2', ...CPU]);
    assert.equal(predict.status, 0, predict.stderr);
    assert.equal(predict.stdout.trim().split('\n').length, 3);
    const layers = runCli(['layers', '--model', mlp, ...CPU]);
    assert.equal(layers.status, 0, layers.stderr);
    assert.match(layers.stdout, /input: \[N, 8, 8\]: 8x8 images, one grey channel, no channel axis/);
  });
});

/** The first Python 3 with h5py and numpy (Debian's python3-h5py and python3-numpy). */
function pythonWithH5py(): string {
  const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import h5py, numpy'], { stdio: 'ignore' }).status === 0);
  if (!python) throw new Error('no python3 with h5py and numpy: install the Debian packages python3-h5py and python3-numpy');
  return python;
}

describe('a Keras-tutorial MNIST MLP (.h5 written by h5py, input [N, 28, 28])', () => {
  test('explain writes a 28x28 map and overlay on the default engine', async () => {
    const file = join(tempDir('saliency-keras-'), 'mnist_mlp.h5');
    execFileSync(pythonWithH5py(), [join(ROOT, 'scripts/fixtures/write_keras_mlp_with_h5py.py'), file]);
    const digit = await writePicture(join(tempDir(), 'digit.png'), 28, 28, 7);
    const out = tempDir();
    const run = runCli(['explain', '--model', file, '--image', digit, '--format', 'png,json', '--out', out]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /5\. class \d: 0\.\d{4}/, 'ten classes, top five shown');
    const json = JSON.parse(readFileSync(join(out, readdirSync(out).find((f) => f.endsWith('.json')) as string), 'utf8'));
    assert.deepEqual(json.map.shape, [28, 28]);
    assert.ok(json.map.data.some((v: number) => v !== 0), 'the map is not empty');
  });
});

describe('models with several outputs', () => {
  test('predict shows every output and names it on every line', () => {
    const run = runCli(['predict', '--model', twoHeads, '--image', square as string, '--top', '2', ...CPU]);
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n').slice(1);
    assert.equal(lines.length, 4);
    for (const line of lines) assert.match(line, /^ {2}\d\. class \d \(output '(digit|parity)'\): 0\.\d{4}$/);
    assert.deepEqual(lines.map((l) => /'(\w+)'/.exec(l)?.[1]), ['digit', 'digit', 'parity', 'parity']);
    const one = runCli(['predict', '--model', twoHeads, '--image', square as string, '--output', 'parity', ...CPU]);
    assert.equal(one.status, 0, one.stderr);
    assert.equal(one.stdout.trim().split('\n').length, 3, 'parity has two classes');
  });

  test('explain needs --output and explains the output it names (by name or index)', () => {
    const missing = runCli(['explain', '--model', twoHeads, '--image', square as string, '--out', tempDir(), ...CPU]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--output: the model has 2 outputs \(0 'digit' \[N, 4\], 1 'parity' \[N, 2\]\)/);
    const wrong = runCli(['explain', '--model', twoHeads, '--image', square as string, '--output', 'colour', '--out', tempDir(), ...CPU]);
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /--output: 'colour' is not an output of the model; outputs are 0 'digit'/);
    const maps: number[][] = [];
    for (const output of ['digit', 'parity', '1']) {
      const out = tempDir();
      const run = runCli(['explain', '--model', twoHeads, '--image', square as string, '--output', output, '--target', '1', '--format', 'json', '--out', out, ...CPU]);
      assert.equal(run.status, 0, run.stderr);
      const name = output === 'digit' ? 'digit' : 'parity';
      for (const line of run.stdout.trim().split('\n').filter((l) => /^\s+\d\./.test(l))) assert.match(line, new RegExp(`output '${name}'`));
      assert.match(run.stdout, new RegExp(`vanilla for class 1 \\(output '${name}'\\)`));
      maps.push(JSON.parse(readFileSync(join(out, readdirSync(out)[0] as string), 'utf8')).map.data);
    }
    assert.notDeepEqual(maps[0], maps[1], 'digit and parity give different maps');
    assert.deepEqual(maps[1], maps[2], '--output 1 is parity');
  });

  test('layers lists the outputs; batch explains the chosen output', () => {
    const layers = runCli(['layers', '--model', twoHeads, ...CPU]);
    assert.equal(layers.status, 0, layers.stderr);
    assert.match(layers.stdout, /outputs \(for --output\): 0 'digit' \[N, 4\], 1 'parity' \[N, 2\]/);
    const out = tempDir();
    const folder = tempDir();
    const batch = runCli(['batch', '--model', twoHeads, '--images', folder, '--output', 'parity', '--out', out, ...CPU]);
    assert.equal(batch.status, 1, 'an empty folder is refused');
    return writeImages(folder, 2).then(() => {
      const run = runCli(['batch', '--model', twoHeads, '--images', folder, '--output', 'parity', '--out', out, ...CPU]);
      assert.equal(run.status, 0, run.stderr);
      assert.match(readFileSync(join(out, 'index.html'), 'utf8'), /class \d \(output &#39;parity&#39;\)|class \d \(output 'parity'\)/);
    });
  });
});

describe('models that take any input size', () => {
  test("explain uses the image's own size and says so; --size chooses one; a fixed model refuses --size", async () => {
    const image = await writePicture(join(tempDir(), 'odd.png'), 12, 10, 1);
    const out = tempDir();
    const own = runCli(['explain', '--model', anySize, '--image', image, '--format', 'png,json', '--out', out, ...CPU]);
    assert.equal(own.status, 0, own.stderr);
    assert.match(own.stdout, /the model takes any input size: each image is explained at its own size \(choose one with --size HxW\); .*odd\.png is 10x12/);
    const json = JSON.parse(readFileSync(join(out, readdirSync(out).find((f) => f.endsWith('.json')) as string), 'utf8'));
    assert.deepEqual(json.map.shape, [10, 12, 3]);
    const sized = tempDir();
    const chosen = runCli(['explain', '--model', anySize, '--image', image, '--size', '16x20', '--format', 'json', '--out', sized, ...CPU]);
    assert.equal(chosen.status, 0, chosen.stderr);
    assert.doesNotMatch(chosen.stdout, /any input size/);
    assert.deepEqual(JSON.parse(readFileSync(join(sized, readdirSync(sized)[0] as string), 'utf8')).map.shape, [16, 20, 3]);
    const fixed = runCli(['explain', '--model', TEACHABLE, '--image', image, '--size', '16x16', '--out', tempDir(), ...CPU]);
    assert.equal(fixed.status, 2);
    assert.match(fixed.stderr, /--size: the model's input is fixed at 8x8/);
    const bad = runCli(['explain', '--model', anySize, '--image', image, '--size', '16', '--out', tempDir(), ...CPU]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--size: expected HEIGHTxWIDTH/);
    const predict = runCli(['predict', '--model', anySize, '--image', image, square as string, ...CPU]);
    assert.equal(predict.status, 0, predict.stderr);
  });
});

describe('centre-crop models (Teachable Machine)', () => {
  test('the map sits on the centre crop the model saw, the rest of the photo in grey', async () => {
    const out = tempDir();
    const run = runCli(['explain', '--model', TEACHABLE, '--image', wide, '--format', 'png,json', '--out', out, ...CPU]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /the model sees the centre 8x8 \(width x height\) of the 24x8 image; maps are drawn there/);
    const files = readdirSync(out);
    const json = JSON.parse(readFileSync(join(out, files.find((f) => f.endsWith('.json')) as string), 'utf8'));
    assert.deepEqual(json.meta.imageRegion, { left: 8, top: 0, width: 8, height: 8 });
    const map = await pixels(join(out, files.find((f) => f.endsWith('.map.png')) as string));
    assert.deepEqual([map.width, map.height], [8, 8], 'the map has the size of the region the model saw');
    const overlay = await pixels(join(out, files.find((f) => f.endsWith('.overlay.png')) as string));
    const photo = await pixels(wide);
    // The expectation, placed by hand: jet heat of the 8x8 map blended 50/50 over columns 8-15, grey elsewhere.
    const heat = renderMap(reduceChannels({ shape: json.map.shape, data: Float32Array.from(json.map.data) }, 'max-abs'), { colormap: 'jet' });
    const expected = new Uint8Array(photo.data.length);
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 24; x++) {
        const i = (y * 24 + x) * 4;
        const [r, g, b] = [photo.data[i], photo.data[i + 1], photo.data[i + 2]] as number[] as [number, number, number];
        const inside = x >= 8 && x < 16;
        for (let c = 0; c < 3; c++) {
          const value = [r, g, b][c] as number;
          expected[i + c] = inside ? Math.floor((heat.data[(y * 8 + x - 8) * 4 + c] as number) * 0.5 + value * 0.5) : Math.round((r + g + b) / 3);
        }
        expected[i + 3] = 255;
      }
    }
    const worst = Math.max(...Array.from(overlay.data, (v, i) => Math.abs(v - (expected[i] as number))));
    assert.ok(worst <= 1, `overlay differs from the hand-placed map by up to ${worst}`);
    assert.ok(correlation(overlay.data, expected) > 0.999);
  });
});

function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let [sa, sb] = [0, 0];
  for (let i = 0; i < n; i++) [sa, sb] = [sa + (a[i] as number), sb + (b[i] as number)];
  const [ma, mb] = [sa / n, sb / n];
  let [ab, aa, bb] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const [da, db] = [(a[i] as number) - ma, (b[i] as number) - mb];
    [ab, aa, bb] = [ab + da * db, aa + da * da, bb + db * db];
  }
  return ab / Math.sqrt(aa * bb);
}
