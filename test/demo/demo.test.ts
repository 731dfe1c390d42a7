// The demo (`npm start -- --quick`) end to end in-process (the real entry's parser, on the bundled
// models), its gallery checked file by file; bad arguments through a spawned `npm start`'s command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { main } from '../../demo/main.ts';
import { METHODS } from '../../src/index.ts';
import { setupBackend } from '../../src/node/index.ts';
import { ROOT, tempDir } from '../support/cli.ts';

const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; files: string[] };

/** Runs `npm start`'s command (package.json "start") with `args` in a child process. */
function runDemo(args: readonly string[]): { status: number; stdout: string; stderr: string } {
  const [node, ...start] = (PACKAGE.scripts['start'] as string).split(' ');
  assert.equal(node, 'node', 'npm start runs node');
  const result = spawnSync(process.execPath, [...start, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

test('the demo --quick writes a gallery whose every picture exists and is a valid PNG', async () => {
  const out = tempDir('saliency-demo-');
  const lines: string[] = [];
  await setupBackend({ backend: 'wasm' });
  const tensors = tf.memory().numTensors;
  const code = await main(['--quick', '--out', out, '--backend', 'wasm'], (line) => lines.push(line));
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
  checkSaliencyCards(page);
});

/** The cells of the sortable table that follows the heading `title` on `page`, header row first. */
function cardTable(page: string, title: string): string[][] {
  const at = page.indexOf(`<h2>${title}`);
  assert.ok(at >= 0, `a section '${title}'`);
  const table = /<table class="sortable">([\s\S]*?)<\/table>/.exec(page.slice(at))?.[1] ?? '';
  return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...(row[1] as string).matchAll(/<t[hd][^>]*>([^<]*)<\/t[hd]>/g)].map((c) => c[1] as string));
}

/** The saliency cards: a sortable table per model with real numbers, the mark-finding ranking, the sanity-check figure. */
function checkSaliencyCards(page: string): void {
  assert.match(page, /<script>[\s\S]*table\.sortable/, 'the page sorts its tables');
  const mnist = cardTable(page, 'MNIST CNN: saliency card');
  assert.deepEqual(mnist[0]?.slice(0, 6), ['method', 'time per map', 'deletion AUC (lower is better)', 'insertion AUC (higher is better)', 'MPRT similarity (lower is better)', 'sparseness (Gini) (higher is better)']);
  assert.equal(mnist.length - 1, METHODS.length + 2, 'one line per method, keras-vis\'s guided and rectified too');
  const vanilla = mnist.find((row) => row[0] === 'vanilla') as string[];
  assert.ok(vanilla.slice(2, 6).every((cell) => Number.isFinite(Number(cell))), `vanilla's scores: ${vanilla.join(' | ')}`);
  const guided = mnist.find((row) => row[0] === 'guided') as string[];
  assert.ok(Number(guided[4]) > Number(vanilla[4]), 'guided backprop stays more similar under randomisation than plain saliency (Adebayo et al.)');
  const mark = cardTable(page, 'Shortcut digit classifier');
  const order = mark.slice(1).map((row) => row[0]);
  assert.ok(order.indexOf('input-x-gradient') < order.indexOf('grad-cam'), `ranked by mass on the mark: ${order.join(', ')}`);
  assert.match(page, /<img src="shortcut-sanity-check\.png"/);
}

test('npm start: bad arguments exit 2 naming the option and its valid values; --help exits 0', () => {
  const backend = runDemo(['--backend', 'gpu']);
  assert.equal(backend.status, 2, backend.stderr);
  assert.match(backend.stderr, /'--backend <name>' argument 'gpu' is invalid\. Allowed choices are wasm, cpu/);
  const unknown = runDemo(['--quik']);
  assert.equal(unknown.status, 2, unknown.stderr);
  assert.match(unknown.stderr, /unknown option '--quik'/);
  const help = runDemo(['--help']);
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /--quick/);
  assert.match(help.stdout, /--out <dir>/);
});

test('the demo is no part of the shipped package or CLI', () => {
  assert.ok(!PACKAGE.files.some((entry) => entry === 'demo' || entry.startsWith('demo/')), `package.json files: ${PACKAGE.files.join(', ')}`);
  const cli = spawnSync(process.execPath, [join(ROOT, 'bin/saliency.js'), 'demo', '--quick'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(cli.status, 2, cli.stderr);
  assert.match(cli.stderr, /unknown command 'demo'/);
});
