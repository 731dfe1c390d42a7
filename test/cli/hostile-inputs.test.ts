// The CLI against hostile inputs (issue 12, items 14-17), in spawned processes: memory bombs end with
// a clear error (or are decoded at a reduced size) under a bounded peak RSS, FIFOs and devices and
// stalled servers never hang, and option keys such as __proto__ reach the schema check.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { ROOT, tempDir } from '../support/cli.ts';
import { compiledCliBin } from '../support/compiled-cli.ts';
import { fifo, pngDeclaring, sparseFile, svgOfSize, testServer } from '../loaders/hostile-corpus.ts';

const BIN = compiledCliBin();
const PEAK_RSS = join(ROOT, 'test', 'support', 'peak-rss.mjs');
const MODEL = join(ROOT, 'models', 'mnist-cnn');
/** Peak RSS allowed to a CLI run on a hostile input: the CLI itself takes ~300 MB; before the limits an 8000 x 8000 PNG took 4.2 GB. */
const RSS_BOUND = 1024 * 2 ** 20;

interface Run {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Peak resident set size of the CLI process, in bytes. */
  readonly peakRss: number;
}

let dir: string;
let runs = 0;

/** Runs the CLI in a child process with a 512 MB V8 heap, recording its peak RSS; never blocks this process's event loop. */
function cli(args: readonly string[]): Promise<Run> {
  const rssFile = join(dir, `rss-${runs++}`);
  const child = spawn(process.execPath, ['--max-old-space-size=512', '--import', PEAK_RSS, BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, PEAK_RSS_FILE: rssFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 150_000);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      let peakRss = -1;
      try {
        peakRss = Number(readFileSync(rssFile, 'utf8'));
      } catch {
        // killed before it could write
      }
      resolve({ status: code ?? (signal ? -1 : -2), stdout, stderr, peakRss });
    });
  });
}

/** The run ended by itself (not killed) with `status` and stderr matching `pattern`, under the RSS bound. */
function endsWith(run: Run, status: number, pattern: RegExp): void {
  assert.equal(run.status, status, `exit status (stderr: ${run.stderr})`);
  assert.match(run.stderr, pattern);
  assert.ok(run.peakRss > 0 && run.peakRss < RSS_BOUND, `peak RSS ${Math.round(run.peakRss / 2 ** 20)} MB is under ${RSS_BOUND / 2 ** 20} MB`);
}

describe('CLI: hostile inputs', () => {
  before(async () => {
    dir = tempDir('saliency-hostile-');
    await sharp({ create: { width: 28, height: 28, channels: 3, background: '#808080' } }).png().toFile(join(dir, 'small.png'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('memory bombs end with an error naming the flag that raises the limit (item 14)', () => {
    it('a 1.2 GB weight shard', async () => {
      const model = join(dir, 'big-shard');
      cpSync(MODEL, model, { recursive: true });
      sparseFile(join(model, 'weights.bin'), 1.2e9);
      const run = await cli(['layers', '--model', model]);
      endsWith(run, 1, /weights\.bin: is 1\.1 GiB, more than the .* left of the limit of 1\.0 GiB for the whole model; raise maxModelBytes \(CLI --max-model-bytes\)/);
    });

    it('--model /dev/zero and --labels /dev/zero', async () => {
      endsWith(await cli(['layers', '--model', '/dev/zero']), 1, /\/dev\/zero: is a device, not a regular file/);
      endsWith(await cli(['layers', '--model', MODEL, '--labels', '/dev/zero']), 1, /\/dev\/zero: is a device, not a regular file/);
    });

    it('a 16000 x 16000 PNG of a few hundred bytes and an SVG of that size are refused from their headers', async () => {
      const png = join(dir, 'huge.png');
      writeFileSync(png, pngDeclaring(16000, 16000));
      const svg = join(dir, 'huge.svg');
      svgOfSize(svg, 16000);
      const run = await cli(['predict', '--model', MODEL, '--image', png]);
      endsWith(run, 2, /image '.*huge\.png' is 16000 x 16000 pixels \(256000000\), more than the limit of 100000000; raise maxPixels \(CLI --max-image-pixels\)/);
      endsWith(await cli(['predict', '--model', MODEL, '--image', svg]), 2, /huge\.svg' is 16000 x 16000 pixels/);
    });

    it('each limit is raised by its flag, and a bad flag value is a usage error', async () => {
      const png = join(dir, 'huge-raised.png');
      writeFileSync(png, pngDeclaring(16000, 16000));
      const [raised, badSize, badTimeout] = await Promise.all([
        cli(['predict', '--model', MODEL, '--image', png, '--max-image-pixels', '300000000', '--max-model-bytes', '2G', '--max-json-bytes', '1M']),
        cli(['layers', '--model', MODEL, '--max-model-bytes', '2X']),
        cli(['layers', '--model', MODEL, '--read-timeout', '0']),
      ]);
      // past the pixel limit, the (bogus) pixel data is what fails, as it would for any broken PNG
      endsWith(raised, 1, /image '.*huge-raised\.png' could not be read as an image/);
      assert.equal(badSize.status, 2);
      assert.match(badSize.stderr, /--max-model-bytes: expected a size in bytes such as 1073741824, 512M or 2G, got '2X'/);
      assert.equal(badTimeout.status, 2);
      assert.match(badTimeout.stderr, /--read-timeout: expected an integer \(1 or more\), got '0'/);
    });

    it('an 8000 x 8000 PNG is decoded at a reduced size: the map and overlay are 2048 px, the peak RSS bounded', async () => {
      const png = join(dir, 'big.png');
      await sharp({ create: { width: 8000, height: 8000, channels: 3, background: '#808080' } }).png({ compressionLevel: 9 }).toFile(png);
      const out = join(dir, 'out-big');
      const run = await cli(['explain', '--model', MODEL, '--image', png, '--target', '3', '--out', out]);
      endsWith(run, 0, /^$/);
      const overlay = await sharp(join(out, 'big.vanilla.class-3.overlay.png')).metadata();
      assert.deepEqual([overlay.width, overlay.height], [2048, 2048]);
    });

    it('an 8000 x 8000 SVG is rendered at a reduced size', async () => {
      const svg = join(dir, 'big.svg');
      svgOfSize(svg, 8000);
      const run = await cli(['predict', '--model', MODEL, '--image', svg]);
      endsWith(run, 0, /^$/);
      assert.match(run.stdout, /big\.svg\n {2}1\. /);
    });

    it('count options above their maximum: steps, samples, masks = 1e9', async () => {
      const image = join(dir, 'small.png');
      const cases: [string, string, RegExp][] = [
        ['integrated-gradients', 'steps=1e9', /steps: got 1000000000; expected an integer from 1 to 1000/],
        ['smoothgrad', 'samples=1e9', /samples: got 1000000000; expected an integer from 1 to 1000/],
        ['rise', 'masks=1e9', /masks: got 1000000000; expected 'auto' or an integer from 1 to 100000/],
        ['occlusion', 'window=100000', /window: got 100000; expected 'auto', an integer from 1 to 4096/],
        ['score-cam', 'batchSize=1e9', /batchSize: got 1000000000; expected an integer from 1 to 4096/],
      ];
      const runs = await Promise.all(cases.map(([method, option]) => cli(['explain', '--model', MODEL, '--image', image, '--method', method, '--option', option, '--out', join(dir, 'never')])));
      runs.forEach((run, i) => endsWith(run, 2, (cases[i] as [string, string, RegExp])[2]));
    });
  });

  describe('nothing hangs (item 15)', () => {
    it('a FIFO given as model.json', async () => {
      const model = join(dir, 'fifo-model');
      mkdirSync(model);
      fifo(join(model, 'model.json'));
      endsWith(await cli(['layers', '--model', model]), 1, /model\.json: is a FIFO \(named pipe\), not a regular file/);
    });

    it('a model URL whose server accepts and stalls: --read-timeout', async () => {
      const server = await testServer(() => undefined);
      try {
        const run = await cli(['layers', '--model', `${server.url}model.json`, '--read-timeout', '200']);
        endsWith(run, 1, /model\.json: timed out: the server sent nothing for 200 ms \(readTimeoutMs, CLI --read-timeout\)/);
      } finally {
        await server.close();
      }
    });
  });

  describe('option keys are checked against the schema (item 17)', () => {
    it('--option __proto__=1, constructor=1 or prototype=1 is refused with the list of valid options', async () => {
      const image = join(dir, 'small.png');
      const keys = ['__proto__', 'constructor', 'prototype'];
      const runs = await Promise.all(
        keys.map((key) => cli(['explain', '--model', MODEL, '--image', image, '--method', 'smoothgrad', '--option', `${key}=1`, '--out', join(dir, 'never')])),
      );
      runs.forEach((run, i) => endsWith(run, 2, new RegExp(`${keys[i]}: not an option of 'saliency'; its options are gradModifier, wrt`)));
    });

    it('--method __proto__ or constructor names the method and lists the valid ones', async () => {
      const image = join(dir, 'small.png');
      const runs = await Promise.all(['__proto__', 'constructor'].map((name) => cli(['explain', '--model', MODEL, '--image', image, '--method', name])));
      runs.forEach((run, i) => endsWith(run, 2, new RegExp(`--method: '${['__proto__', 'constructor'][i]}' is not a method; choose one of vanilla, `)));
    });
  });
});
