// `saliency demo --quick` end to end in-process (the real command through the CLI's parser, on
// the bundled models), its gallery checked file by file; bad arguments through a spawned process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { main } from '../../src/cli/main.ts';
import { METHODS } from '../../src/methods/registry.ts';
import { setupBackend } from '../../src/engines/wasm/node/index.ts';
import { runCli, tempDir } from '../support/cli.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

test('saliency demo --quick writes a gallery whose every picture exists and is a valid PNG', async () => {
  const out = tempDir('saliency-demo-');
  const lines: string[] = [];
  await setupBackend({ backend: 'wasm' });
  const tensors = tf.memory().numTensors;
  const code = await main(['demo', '--quick', '--out', out, '--backend', 'wasm'], (line) => lines.push(line));
  const printed = lines.join('\n');
  assert.equal(code, 0, printed);
  assert.equal(tf.memory().numTensors, tensors, 'the demo leaves no tensors behind');
  assert.doesNotMatch(printed, /FAILED/, 'every method runs on the bundled models');

  const page = readFileSync(join(out, 'index.html'), 'utf8');
  const sources = [...page.matchAll(/<img src="([^"]+)"/g)].map((m) => decodeURIComponent(m[1] as string));
  assert.ok(sources.length >= 8, `the gallery shows ${sources.length} figures`);
  for (const src of sources) {
    const bytes = readFileSync(join(out, src));
    assert.deepEqual([...bytes.subarray(0, 8)], PNG_SIGNATURE, `${src} starts with the PNG signature`);
    const meta = await sharp(bytes).metadata();
    assert.equal(meta.format, 'png', src);
    assert.ok((meta.width ?? 0) > 50 && (meta.height ?? 0) > 50, `${src} is ${meta.width}x${meta.height}`);
  }
  assert.deepEqual(readdirSync(out).filter((f) => f.endsWith('.tmp')), [], 'no temporary files are left');

  for (const section of ['MNIST CNN', 'Steering', 'Shortcut vs clean']) assert.match(page, new RegExp(`<h2>${section}`), section);
  for (const method of METHODS.filter((m) => m.name !== 'saliency')) assert.ok(page.includes(method.title.replace(/'/g, '&#39;')), `the gallery shows ${method.title}`);
  assert.match(page, /\|saliency\| mass shortcut model \d+%, clean model \d+%; of the 9 strongest pixels, shortcut model \d+%, clean model \d+%/);
  assert.match(printed, /mnist-cnn: guided/);
  assert.match(printed, /steering: saliency maintain/);
  assert.match(printed, /shortcut: \d+% of \|saliency\| on the mark/);
  assert.match(printed, new RegExp(`open ${join(out, 'index.html')}`));
});

test('saliency demo: bad arguments exit 2 naming the option and its valid values; --help exits 0', () => {
  const backend = runCli(['demo', '--backend', 'gpu']);
  assert.equal(backend.status, 2, backend.stderr);
  assert.match(backend.stderr, /--backend: 'gpu' is not valid; choose one of wasm, cpu/);
  const help = runCli(['demo', '--help']);
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /--quick/);
});
