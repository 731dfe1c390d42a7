/**
 * The sanity check of Adebayo et al. 2018 reproduced on the bundled MNIST CNN: for each method, the
 * model parameter randomisation test (cascading, top-down, Spearman rank correlation of absolute
 * maps) over the held-back sample digits, printed as the mean similarity after randomising each
 * layer; then deletion / insertion / sparseness per method with the time per evaluation.
 * Run: node --import tsx bench/metrics-mnist.ts [--digits 10] [--backend wasm|cpu]
 * The README's "Which map can I trust? Metrics" section quotes its output.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { evaluate, getMethod, perSampleTarget, type MetricResult } from '../src/index.ts';
import { setupBackend } from '../src/engines/wasm/node/index.ts';
import { loadBundledModel, loadBundledSamples } from '../models/lib/bundled.ts';

const { values } = parseArgs({ options: { digits: { type: 'string', default: '10' }, backend: { type: 'string', default: 'wasm' } } });
const handle = await setupBackend({ backend: values.backend as 'wasm' | 'cpu' });
const { model } = await loadBundledModel('mnist-cnn');
const samples = (await loadBundledSamples('mnist-cnn')).slice(0, Number(values.digits));
const images = tf.tensor4d(samples.flatMap((s) => [...s.pixels]), [samples.length, 28, 28, 1]);
const target = samples.map((s) => s.target);
const METHODS: readonly [string, Record<string, unknown>][] = [
  ['saliency', {}],
  ['input-x-gradient', {}],
  ['integrated-gradients', { steps: 16 }],
  ['guided-backprop', {}],
  ['grad-cam', {}],
  ['occlusion', { window: 4, stride: 4 }],
];

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const fmt = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');

console.log(`MNIST CNN, ${samples.length} held-back digits, backend ${tf.getBackend()}, target = the digit's label`);
console.log('\nMPRT (cascading, top-down; mean Spearman rank correlation of |map| with the trained model\'s map)');
let header = false;
for (const [method, options] of METHODS) {
  const started = performance.now();
  const result: MetricResult = await evaluate(model, images, { explainer: { method, options } }, 'model-parameter-randomisation', { target, batchSize: 32 });
  if (!header) {
    console.log(`| method | ${result.perLayer!.map((l) => `${l.layer}`).join(' | ')} | score | s |`);
    console.log(`|---|${result.perLayer!.map(() => '---').join('|')}|---|---|`);
    header = true;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`| ${method} | ${result.perLayer!.map((l) => fmt(mean(l.similarity.filter(Number.isFinite)))).join(' | ')} | ${fmt(mean(result.scores.filter(Number.isFinite)))} | ${seconds.toFixed(1)} |`);
}

console.log('\nFaithfulness and complexity (means over the digits; deletion to 0 and insertion from a blur, softmax kept: probabilities)');
console.log('| method | deletion AUC (lower better) | insertion AUC (higher better) | faithfulness corr. | sparseness | s per metric (del/ins/fc) |');
console.log('|---|---|---|---|---|---|');
for (const [method, options] of METHODS) {
  const attribution = await getMethod(method).run(model, images, { ...options, target: perSampleTarget(target) });
  const times: number[] = [];
  const run = async (metric: string, extra: Record<string, unknown> = {}): Promise<number> => {
    const started = performance.now();
    const r = await evaluate(model, images, attribution, metric, { target, softmax: 'keep', ...extra });
    times.push((performance.now() - started) / 1000);
    return mean(r.scores.filter(Number.isFinite));
  };
  const del = await run('deletion', { steps: 28 });
  const ins = await run('insertion', { steps: 28, blurSigma: 3 });
  const fc = await run('faithfulness-correlation', { runs: 50, subsetSize: 28 });
  const sparse = mean((await evaluate(null, images, attribution, 'sparseness')).scores);
  console.log(`| ${method} | ${fmt(del)} | ${fmt(ins)} | ${fmt(fc)} | ${fmt(sparse)} | ${times.map((t) => t.toFixed(1)).join(' / ')} |`);
}
images.dispose();
model.dispose();
handle.dispose();
