/**
 * The README's method x metric tables, from the demo's saliency cards at full settings: on the
 * bundled MNIST CNN's held-back sample digits, every registered method's deletion and insertion
 * AUC (probabilities), MPRT similarity and sparseness with the time per map and per metric
 * evaluation; on the shortcut pair, every method's share of the map on the planted mark (the known
 * ground truth) for the shortcut model and its clean twin.
 * Run: node --import tsx bench/saliency-cards.ts [--digits 10] [--backend wasm|cpu]
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../src/node/index.ts';
import { openBundledModel, type BundledModel } from '../demo/bundled-models.ts';
import { cardLineup } from '../demo/card-lineup.ts';
import { cardRows, type CardMetric, type CardRow } from '../demo/card-scores.ts';
import { demoLog } from '../demo/demo-log.ts';
import { onePerClass } from '../demo/mnist-section.ts';
import { faithfulnessMetrics, markMetrics } from '../demo/saliency-cards.ts';
import { FULL_DEMO } from '../demo/settings.ts';
import { markedDigits } from '../demo/shortcut-section.ts';

const { values } = parseArgs({ options: { digits: { type: 'string', default: '10' }, backend: { type: 'string', default: 'wasm' } } });
const handle = await setupBackend({ backend: values.backend as 'wasm' | 'cpu' });
const settings = { ...FULL_DEMO, cardDigits: Number(values.digits) };
const log = demoLog((line) => console.error(line));
const fmt = (v: number | undefined): string => (v !== undefined && Number.isFinite(v) ? v.toFixed(3) : '–');
const ms = (s: number | undefined): string => (s === undefined ? '–' : `${(s * 1000).toFixed(s < 0.01 ? 1 : 0)}`);

function table(rows: readonly CardRow[], metrics: readonly CardMetric[], timed: boolean): void {
  console.log(`| method | ms per map | ${metrics.map((m) => m.label).join(' | ')} |${timed ? ` ms per sample (${metrics.map((m) => m.name.split('-')[0]).join(' / ')}) |` : ''}`);
  console.log(`|---|---|${metrics.map(() => '---').join('|')}|${timed ? '---|' : ''}`);
  for (const row of rows) {
    const times = timed ? ` ${metrics.map((m) => ms(row.metricSeconds[m.name])).join(' / ')} |` : '';
    console.log(`| ${row.method} | ${ms(row.mapSeconds)} | ${metrics.map((m) => fmt(row.scores[m.name])).join(' | ')} |${times}`);
  }
}

async function withBundle<T>(name: 'mnist-cnn' | 'shortcut' | 'shortcut-clean', work: (bundle: BundledModel) => Promise<T>): Promise<T> {
  const bundle = await openBundledModel(name);
  try {
    return await work(bundle);
  } finally {
    bundle.dispose();
  }
}

console.log(`backend ${tf.getBackend()}; demo method settings (FULL_DEMO); curves of ${settings.cardSteps} steps, probabilities`);
await withBundle('mnist-cnn', async (bundle) => {
  const digits = onePerClass(bundle.samples).slice(0, settings.cardDigits);
  const metrics = faithfulnessMetrics(settings, true);
  console.log(`\nMNIST CNN, ${digits.length} held-back digits (one per class), each explained for its own class\n`);
  table(await cardRows(bundle.adapter, cardLineup(bundle, settings), digits, digits.map((d) => d.target), metrics, log, bundle.name), metrics, true);
});

const shares: Record<string, CardRow[]> = {};
for (const name of ['shortcut', 'shortcut-clean'] as const) {
  await withBundle(name, async (bundle) => {
    const digits = markedDigits(bundle.samples, 10, 0);
    const samples = digits.map((d) => d.sample);
    shares[name] = await cardRows(bundle.adapter, cardLineup(bundle, settings), samples, samples.map((s) => s.target), markMetrics(digits.map((d) => d.mark)), log, name);
  });
}
const clean = new Map((shares['shortcut-clean'] ?? []).map((row) => [row.method, row]));
const ranked = [...(shares['shortcut'] ?? [])].sort((a, b) => (b.scores['relevance-mass-accuracy'] ?? -1) - (a.scores['relevance-mass-accuracy'] ?? -1));
console.log('\nShortcut pair, the 10 sample digits with their own class\'s mark; region = the mark\'s 5x5 square (3.2 % of the image)\n');
console.log('| method | shortcut: mass on the mark | shortcut: of the 9 strongest pixels | shortcut: pointing game | clean: mass on the mark | clean: of the 9 strongest |');
console.log('|---|---|---|---|---|---|');
for (const row of ranked) {
  const twin = clean.get(row.method);
  console.log(`| ${row.method} | ${fmt(row.scores['relevance-mass-accuracy'])} | ${fmt(row.scores['top-k-intersection'])} | ${fmt(row.scores['pointing-game'])} | ${fmt(twin?.scores['relevance-mass-accuracy'])} | ${fmt(twin?.scores['top-k-intersection'])} |`);
}
handle.dispose();
