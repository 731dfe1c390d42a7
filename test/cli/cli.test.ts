// The CLI through spawned processes: every command's happy path, bad arguments (exit 2), missing
// files (exit 1) and a batch run that is killed and resumed.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { ROOT, runCli, startCli, tempDir, writeImages } from '../support/cli.ts';

const MODEL = join(ROOT, 'test/fixtures/models/tiny-cnn/teachable-machine/model.json');
const LAYERS_MODEL = join(ROOT, 'test/fixtures/models/tiny-cnn/layers/model.json');
let image = '';

before(async () => {
  [image] = await writeImages(tempDir(), 1);
});

describe('saliency CLI', () => {
  test('explain writes map, overlay, .npy and JSON and prints the top predictions with labels', async () => {
    const out = tempDir();
    const run = runCli(['explain', '--model', MODEL, '--image', image, '--method', 'guided', '--format', 'png,npy,json', '--out', out, '--backend', 'cpu']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /top predictions for .*\n {2}1\. (cat|dog|bird) \(class \d\): 0\.\d{4}/);
    const files = readdirSync(out).sort();
    assert.equal(files.length, 4, files.join());
    const png = files.find((f) => f.endsWith('.overlay.png')) as string;
    const meta = await sharp(join(out, png)).metadata();
    assert.deepEqual([meta.width, meta.height], [8, 8]);
    const json = JSON.parse(readFileSync(join(out, files.find((f) => f.endsWith('.json')) as string), 'utf8'));
    assert.equal(json.meta.backpropModifier, 'guided');
    const npy = readFileSync(join(out, files.find((f) => f.endsWith('.npy')) as string));
    assert.equal(npy.subarray(1, 6).toString('latin1'), 'NUMPY');
  });

  test('explain --top 2 explains two classes; conv filter saliency with --layer and --filter', () => {
    const out = tempDir();
    const top = runCli(['explain', '--model', LAYERS_MODEL, '--image', image, '--top', '2', '--out', out, '--backend', 'cpu']);
    assert.equal(top.status, 0, top.stderr);
    assert.equal(readdirSync(out).filter((f) => f.endsWith('.map.png')).length, 2);
    const filter = runCli(['explain', '--model', LAYERS_MODEL, '--image', image, '--layer', 'conv2d_1', '--filter', '3', '--out', out, '--backend', 'cpu']);
    assert.equal(filter.status, 0, filter.stderr);
    assert.ok(readdirSync(out).some((f) => f.includes('filter-3')));
  });

  test('layers prints the layer table; predict prints top-k', () => {
    const layers = runCli(['layers', '--model', MODEL, '--backend', 'cpu']);
    assert.equal(layers.status, 0, layers.stderr);
    assert.match(layers.stdout, /index\s+name\s+class\s+output shape/);
    assert.match(layers.stdout, /Dense/);
    const predict = runCli(['predict', '--model', MODEL, '--image', image, '--top', '3', '--backend', 'cpu']);
    assert.equal(predict.status, 0, predict.stderr);
    assert.equal(predict.stdout.trim().split('\n').length, 4);
  });

  test('--help works on every command', () => {
    for (const command of ['explain', 'batch', 'layers', 'predict']) {
      const run = runCli([command, '--help']);
      assert.equal(run.status, 0, `${command}: ${run.stderr}`);
      assert.match(run.stdout, /--model/);
    }
  });

  test('bad arguments exit 2 with a message naming the option and valid values', () => {
    const cases: Array<[string[], RegExp]> = [
      [['explain', '--model', MODEL, '--image', image, '--method', 'magic'], /--method: 'magic' is not a method; choose one of vanilla, guided, rectified/],
      [['explain', '--model', MODEL, '--image', image, '--grad-modifier', 'abs'], /--grad-modifier: 'abs' is not valid; choose one of absolute, negate/],
      [['explain', '--model', MODEL, '--image', image, '--alpha', '3'], /--alpha: expected a number from 0 to 1/],
      [['explain', '--model', MODEL, '--image', image, '--target', '7', '--backend', 'cpu'], /class 7 is out of range; valid classes are 0 to 2/],
      [['explain', '--model', MODEL], /give --image FILE, or --text "..." with --vocab FILE/],
      [['explain', '--model', MODEL, '--image', image, '--filter', '2'], /--filter: needs --layer/],
      [['frobnicate'], /unknown command/],
    ];
    for (const [args, message] of cases) {
      const run = runCli(args);
      assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, message);
    }
  });

  test('a missing file exits 1 naming it', () => {
    const model = runCli(['explain', '--model', '/no/such/model.json', '--image', image]);
    assert.equal(model.status, 1);
    assert.match(model.stderr, /\/no\/such\/model\.json: does not exist/);
    const picture = runCli(['explain', '--model', MODEL, '--image', '/no/such/image.png', '--backend', 'cpu']);
    assert.equal(picture.status, 1);
    assert.match(picture.stderr, /\/no\/such\/image\.png/);
  });

  test('batch: a killed run resumes without redoing finished images, then writes the gallery', async () => {
    const folder = tempDir();
    await writeImages(folder, 40);
    const out = tempDir();
    const args = ['batch', '--model', MODEL, '--images', folder, '--batch-size', '1', '--format', 'png,npy,json', '--out', out, '--backend', 'cpu'];
    const first = startCli(args);
    const state = join(out, 'batch-state.json');
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (existsSync(state)) {
          clearInterval(timer);
          first.kill('SIGKILL');
          resolve();
        }
      }, 5);
      first.on('exit', () => {
        clearInterval(timer);
        existsSync(state) ? resolve() : reject(new Error('the first run ended before it wrote any state'));
      });
    });
    if (first.exitCode === null && first.signalCode === null) await new Promise((resolve) => first.on('exit', resolve));
    const recorded = JSON.parse(readFileSync(state, 'utf8')).finished as Array<{ outputs: string[] }>;
    assert.ok(recorded.length > 0 && recorded.length < 40, `finished ${recorded.length} of 40 before the kill`);
    const firstFile = join(out, recorded[0]?.outputs[1] as string);
    const before = statSync(firstFile).mtimeMs;
    const visible = readdirSync(out).filter((f) => !f.endsWith('.tmp'));
    for (const file of visible) assert.ok(statSync(join(out, file)).size > 0, `${file} is empty: a half-written file`);

    const second = runCli(args);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, new RegExp(`resuming: ${recorded.length} of 40 images already done`));
    assert.equal(statSync(firstFile).mtimeMs, before, 'finished images are not redone');
    assert.deepEqual(readdirSync(out).filter((f) => f.endsWith('.tmp')), [], 'no temporary files are left');
    const finished = JSON.parse(readFileSync(state, 'utf8')).finished as Array<{ outputs: string[] }>;
    assert.equal(finished.length, 40);
    const page = readFileSync(join(out, 'index.html'), 'utf8');
    const sources = [...page.matchAll(/src="([^"]+)"/g)].map((m) => m[1] as string);
    assert.equal(sources.length, 40 * 3);
    for (const src of sources) assert.ok(existsSync(join(out, src)), `gallery references missing ${src}`);
    assert.match(second.stderr, /40\/40 images, [\d.]+ images\/s, ETA/);
  });
});
