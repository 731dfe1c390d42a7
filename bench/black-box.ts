// Maps per second of the black-box methods at their defaults on a 224x224 MobileNetV2 (nsfwjs's,
// loaded from its JS modules in node_modules), against the model evaluations each makes and the
// forward throughput of the model alone. Not part of `npm test`:
//   node --import tsx bench/black-box.ts [--methods kernel-shap,lime] [--backend wasm|cpu]
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { getMethod } from '../src/index.ts';
import { setupBackend } from '../src/node/index.ts';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const value = (flag: string, fallback: string): string => (args.includes(flag) ? (args[args.indexOf(flag) + 1] as string) : fallback);
const methods = value('--methods', 'kernel-shap,lime,sobol,hsic,shapley-sampling,occlusion,feature-ablation,rise').split(',');

async function loadMobileNet(): Promise<tf.LayersModel> {
  const dir = '../node_modules/nsfwjs/dist/models/mobilenet_v2';
  const json = require(`${dir}/model.min.js`) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  const shard = require(`${dir}/group1-shard1of1.min.js`) as string;
  const bytes = Buffer.from(shard, 'base64');
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData }));
}

const engine = await setupBackend({ backend: value('--backend', 'wasm') as 'wasm' });
try {
  const model = await loadMobileNet();
  const image = tf.randomUniform([1, 224, 224, 3], 0, 1, 'float32', 7);
  const batch = tf.randomUniform([32, 224, 224, 3], 0, 1, 'float32', 8);
  tf.tidy(() => model.predict(batch));
  let start = performance.now();
  for (let i = 0; i < 2; i++) (tf.tidy(() => model.predict(batch)) as tf.Tensor).dataSync();
  const rowsPerSecond = 64 / ((performance.now() - start) / 1000);
  console.log(`backend ${tf.getBackend()}, forward alone: ${rowsPerSecond.toFixed(1)} rows/s (batch 32)`);
  console.log('| method | evaluations | seconds | maps/s | evaluations/s |\n|---|---:|---:|---:|---:|');
  for (const name of methods) {
    start = performance.now();
    const result = await getMethod(name).run(model, image, {});
    const seconds = (performance.now() - start) / 1000;
    const evaluations = ((result.meta.extra?.['evaluations'] as number[] | undefined)?.[0] ?? 0) + 1;
    console.log(`| ${name} | ${evaluations} | ${seconds.toFixed(1)} | ${(1 / seconds).toFixed(3)} | ${(evaluations / seconds).toFixed(1)} |`);
  }
} finally {
  engine.dispose();
}
