// XRAI at its defaults on a 224x224 MobileNetV2 (nsfwjs's, loaded from its JS modules in
// node_modules): maps per second and where the time goes (Integrated Gradients, segmentation,
// ranking), plus SLIC and Felzenszwalb alone on a 224x224 image. Not part of `npm test`:
//   node --import tsx bench/xrai.ts [--backend wasm|cpu] [--runs 2]
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { felzenszwalb, integratedGradients, rankRegions, slic, xrai, xraiSegments } from '../src/index.ts';
import { setupBackend } from '../src/node/index.ts';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const value = (flag: string, fallback: string): string => (args.includes(flag) ? (args[args.indexOf(flag) + 1] as string) : fallback);
const runs = Number(value('--runs', '2'));

async function loadMobileNet(): Promise<tf.LayersModel> {
  const dir = '../node_modules/nsfwjs/dist/models/mobilenet_v2';
  const json = require(`${dir}/model.min.js`) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
  const bytes = Buffer.from(require(`${dir}/group1-shard1of1.min.js`) as string, 'base64');
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData }));
}

/** Mean milliseconds of `fn` over `n` runs after one warm-up. */
async function time(fn: () => unknown, n: number): Promise<number> {
  await fn();
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return (performance.now() - start) / n;
}

const engine = await setupBackend({ backend: value('--backend', 'wasm') as 'wasm' });
try {
  // a smooth synthetic photo: colour gradients and a few discs, so the segmentations have structure
  const pixels = new Float32Array(224 * 224 * 3);
  for (let y = 0; y < 224; y++) {
    for (let x = 0; x < 224; x++) {
      const disc = [[60, 70, 30], [150, 120, 45], [90, 180, 25]].some(([cy, cx, r]) => (y - (cy as number)) ** 2 + (x - (cx as number)) ** 2 < (r as number) ** 2);
      pixels.set(disc ? [0.9, 0.3, 0.2] : [x / 224, y / 224, 0.5], (y * 224 + x) * 3);
    }
  }
  const image = { data: pixels, height: 224, width: 224, channels: 3 };
  console.log(`slic (defaults): ${(await time(() => slic(image), 5)).toFixed(1)} ms; felzenszwalb (scale 100): ${(await time(() => felzenszwalb(image, { scale: 100 }), 5)).toFixed(1)} ms`);
  const masks = xraiSegments(image);
  console.log(`xraiSegments (6 scales, dilation 5): ${(await time(() => xraiSegments(image), 3)).toFixed(1)} ms, ${masks.length} masks`);
  const attribution = Float64Array.from({ length: 224 * 224 }, (_, p) => Math.sin(p / 97) + (p % 224) / 224);
  console.log(`rankRegions full: ${(await time(() => rankRegions(attribution, masks), 3)).toFixed(1)} ms; fast: ${(await time(() => rankRegions(attribution, masks, { algorithm: 'fast' }), 3)).toFixed(1)} ms`);
  const model = await loadMobileNet();
  const input = tf.tensor4d(pixels, [1, 224, 224, 3]);
  const ig = await time(() => integratedGradients(model, input, { steps: 50, internalBatchSize: 8 }), 1);
  const seconds = (await time(() => xrai(model, input, { internalBatchSize: 8 }), runs)) / 1000;
  console.log(`backend ${tf.getBackend()}: xrai defaults (2 x 50 IG steps): ${seconds.toFixed(2)} s/map = ${(1 / seconds).toFixed(3)} maps/s; one IG run (50 steps) ${(ig / 1000).toFixed(2)} s`);
  input.dispose();
  model.dispose();
} finally {
  engine.dispose();
}
