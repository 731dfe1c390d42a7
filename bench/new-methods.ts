// Time per map of the methods of issue 15 (new CAMs, Guided IG, layer and neuron attribution) on
// the bundled MNIST CNN and on MobileNet v1 (alpha 1.0, 224 x 224, seeded weights), wasm engine,
// one image, each run once after a warm-up call, with their default options.
// Usage: node --import tsx bench/new-methods.ts [--mobilenet-only] [--mnist-only]
import * as tf from '@tensorflow/tfjs';
import { getMethod, neuronTarget } from '../src/index.ts';
import { loadModel, setupBackend } from '../src/node/index.ts';
import { mobileNetV1 } from './architectures.ts';

const engine = await setupBackend({ backend: 'wasm' });
const only = process.argv[2];

interface Case { readonly label: string; readonly method: string; readonly options: Record<string, unknown> }

async function timeCases(name: string, model: tf.LayersModel, input: tf.Tensor, cases: readonly Case[]): Promise<void> {
  await getMethod('grad-cam').run(model, input, {});
  console.log(`\n${name} (${engine.backend}, ${engine.threads} threads)`);
  for (const c of cases) {
    const start = performance.now();
    await getMethod(c.method).run(model, input, c.options);
    console.log(`| ${c.label} | ${((performance.now() - start) / 1000).toFixed(2)} s |`);
  }
}

const common = (layer: string, neuronLayer: string, neuron: number[]): Case[] => [
  { label: 'grad-cam (reference)', method: 'grad-cam', options: {} },
  { label: 'hires-cam', method: 'hires-cam', options: {} },
  { label: 'xgrad-cam', method: 'xgrad-cam', options: {} },
  { label: 'eigen-cam', method: 'eigen-cam', options: {} },
  { label: 'ablation-cam', method: 'ablation-cam', options: {} },
  { label: 'grad-cam eigenSmooth', method: 'grad-cam', options: { eigenSmooth: true } },
  { label: 'grad-cam augSmooth', method: 'grad-cam', options: { augSmooth: true } },
  { label: 'integrated-gradients (reference, 50 steps)', method: 'integrated-gradients', options: {} },
  { label: 'guided-ig (200 steps)', method: 'guided-ig', options: {} },
  { label: `integrated-gradients wrt ${layer}`, method: 'integrated-gradients', options: { wrt: layer } },
  { label: `gradient-shap wrt ${layer}`, method: 'gradient-shap', options: { wrt: layer } },
  { label: `integrated-gradients of neuron ${neuronLayer} [${neuron}]`, method: 'integrated-gradients', options: { target: neuronTarget(neuronLayer, neuron) } },
];

if (only !== '--mobilenet-only') {
  const mnist = (await loadModel('models/mnist-cnn')).model as tf.LayersModel;
  const digit = tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 1);
  await timeCases('MNIST CNN, 28 x 28', mnist, digit, common('conv2d_2', 'dense_1', [5]));
}
if (only !== '--mnist-only') {
  const mobilenet = mobileNetV1(1.0);
  const photo = tf.randomUniform([1, 224, 224, 3], 0, 1, 'float32', 2);
  const last = mobilenet.layers.filter((l) => l.getClassName() === 'ReLU').at(-1)?.name as string;
  const middle = mobilenet.layers.filter((l) => l.getClassName() === 'ReLU')[10]?.name as string;
  await timeCases('MobileNet v1 a=1.0, 224 x 224', mobilenet, photo, common(middle, last, [3, 3, 100]));
}
