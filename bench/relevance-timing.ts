/**
 * Time per map of the relevance methods (DeepLIFT, DeepLiftShap, LRP) beside plain saliency, on the
 * bundled MNIST CNN and nsfwjs's MobileNetV2 (a Keras layers model shipped inside the npm package,
 * 224x224, quantised weights), on the wasm engine. One sample per map; median of timed runs after a
 * warm-up. Run: `node --import tsx bench/relevance-timing.ts [--runs 3] [--backend wasm|cpu]`.
 */
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { deepLift, deepLiftShap, lrp, saliency, type Attribution } from '../src/index.ts';
import { setupBackend, type EngineBackend } from '../src/engines/wasm/node/index.ts';
import { loadModel } from '../src/node/models/load-model.ts';
import { median } from './timing.ts';

const require = createRequire(import.meta.url);

/** nsfwjs's MobileNetV2 from the JS modules its npm package ships (topology + base64 weight shard). */
async function nsfwMobileNetV2(): Promise<tf.LayersModel> {
  const folder = new URL('../node_modules/nsfwjs/dist/models/mobilenet_v2/', import.meta.url).pathname;
  const artifacts = require(`${folder}model.min.js`) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  const shard = require(`${folder}group1-shard1of1.min.js`) as string;
  const bytes = Buffer.from(shard, 'base64');
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const weightSpecs = artifacts.weightsManifest.flatMap((g) => g.weights);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: artifacts.modelTopology, weightSpecs, weightData }));
}

type Run = (model: tf.LayersModel, x: tf.Tensor) => Promise<Attribution>;

const METHODS: [string, Run][] = [
  ['saliency (reference, 1 row)', (m, x) => saliency(m, x)],
  ['saliency of 2 rows (what DeepLIFT differentiates)', (m, x) => {
    const two = tf.concat([x, x]);
    return saliency(m, two).finally(() => two.dispose());
  }],
  ['deep-lift', (m, x) => deepLift(m, x)],
  ['deep-lift-shap (4 baselines, 2 rows per call)', (m, x) => {
    const baselines = tf.randomUniform([4, ...x.shape.slice(1)], 0, 1, 'float32', 3);
    return deepLiftShap(m, x, { baselines, internalBatchSize: 2 }).finally(() => baselines.dispose());
  }],
  ['lrp epsilon-plus-flat', (m, x) => lrp(m, x, { composite: 'epsilon-plus-flat' })],
  ['lrp epsilon-gamma-box', (m, x) => lrp(m, x, { composite: 'epsilon-gamma-box' })],
];

async function timeIt(run: () => Promise<unknown>, runs: number): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return median(times);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runs = Number(args[args.indexOf('--runs') + 1] ?? 3) || 3;
  const backend = (args.includes('--backend') ? args[args.indexOf('--backend') + 1] : 'wasm') as EngineBackend;
  const handle = await setupBackend({ backend });
  const mnist = (await loadModel(new URL('../models/mnist-cnn/model.json', import.meta.url).pathname)).model as tf.LayersModel;
  const models: [string, tf.LayersModel][] = [['MNIST CNN (bundled, 28x28x1)', mnist], ['nsfwjs MobileNetV2 (224x224x3)', await nsfwMobileNetV2()]];
  console.log(`backend ${tf.getBackend()} (${JSON.stringify({ threads: handle.threads })}), median of ${runs} after a warm-up, ms per map (batch 1)\n`);
  console.log(`| method | ${models.map(([name]) => name).join(' | ')} |`);
  console.log(`| --- | ${models.map(() => '---:').join(' | ')} |`);
  const inputs = models.map(([, m]) => tf.randomUniform([1, ...(m.inputs[0]?.shape.slice(1) as number[])], 0, 1, 'float32', 7));
  for (const [name, run] of METHODS) {
    const cells: string[] = [];
    for (const [i, [, model]] of models.entries()) {
      const before = tf.memory().numTensors;
      const ms = await timeIt(() => run(model, inputs[i] as tf.Tensor), runs);
      cells.push(`${ms.toFixed(ms < 100 ? 1 : 0)}${tf.memory().numTensors !== before ? ' (leak!)' : ''}`);
    }
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
  tf.dispose(inputs);
}

await main();
