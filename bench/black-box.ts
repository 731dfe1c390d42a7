// Maps per second of the black-box methods (and XRAI) at their size-aware defaults on a 224x224
// MobileNetV2 (nsfwjs's, loaded from its JS modules in node_modules), against the model evaluations
// each makes, estimateRun's projection made before the run, and the forward throughput of the model
// alone; the engine is the CLI's default (the ONNX engine where onnxruntime-node loads, on top of the
// wasm engine). Not part of `npm test`:
//   node --import tsx bench/black-box.ts [--methods kernel-shap,lime] [--engine auto|tfjs] [--threads 1]
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { estimateRun, getMethod } from '../src/index.ts';
import { installOnnxEngine, setupBackend } from '../src/node/index.ts';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const value = (flag: string, fallback: string): string => (args.includes(flag) ? (args[args.indexOf(flag) + 1] as string) : fallback);
const methods = value('--methods', 'kernel-shap,lime,sobol,hsic,xrai,shapley-sampling,occlusion,feature-ablation,rise').split(',');
const engineChoice = value('--engine', 'auto') as 'auto' | 'tfjs';
const threads = Number(value('--threads', '1'));

async function loadMobileNet(): Promise<tf.LayersModel> {
  const dir = '../node_modules/nsfwjs/dist/models/mobilenet_v2';
  const json = require(`${dir}/model.min.js`) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  const shard = require(`${dir}/group1-shard1of1.min.js`) as string;
  const bytes = Buffer.from(shard, 'base64');
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData }));
}

const backend = await setupBackend({ threads });
const onnx = engineChoice === 'auto' ? await installOnnxEngine({ threads }) : undefined;
try {
  const model = await loadMobileNet();
  const image = tf.randomUniform([1, 224, 224, 3], 0, 1, 'float32', 7);
  const batch = tf.randomUniform([32, 224, 224, 3], 0, 1, 'float32', 8);
  tf.tidy(() => model.predict(batch));
  let start = performance.now();
  for (let i = 0; i < 2; i++) (tf.tidy(() => model.predict(batch)) as tf.Tensor).dataSync();
  const rowsPerSecond = 64 / ((performance.now() - start) / 1000);
  console.log(`backend ${tf.getBackend()}, engine ${onnx?.installed ? onnx.detail : 'TF.js (wasm engine)'}, ${threads} thread(s); load average ${loadavg()[0]?.toFixed(1)}`);
  console.log(`TF.js forward alone: ${rowsPerSecond.toFixed(1)} rows/s (batch 32)`);
  console.log('| method | evaluations | estimated s (before) | seconds | maps/s | evaluations/s | engine |\n|---|---:|---:|---:|---:|---:|---|');
  for (const name of methods) {
    const options = { engine: engineChoice };
    const estimate = await estimateRun(name, model, image, options);
    start = performance.now();
    const result = await getMethod(name).run(model, image, options);
    const seconds = (performance.now() - start) / 1000;
    const made = result.meta.extra?.['evaluations'] as number[] | undefined;
    const evaluations = made ? (made[0] as number) + 1 : (estimate.evaluations ?? 0);
    console.log(
      `| ${name} | ${evaluations} | ${estimate.seconds?.toFixed(1) ?? '-'} | ${seconds.toFixed(1)} | ${(1 / seconds).toFixed(3)} | ${(evaluations / seconds).toFixed(1)} | ${result.meta.engine?.name ?? '-'} |`,
    );
  }
  console.log(`load average at the end ${loadavg()[0]?.toFixed(1)}`);
} finally {
  onnx?.dispose();
  backend.dispose();
}
