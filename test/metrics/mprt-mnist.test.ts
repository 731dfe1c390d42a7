// The sanity check of Adebayo et al. 2018 on the bundled MNIST CNN: randomising its layers from the
// top down decorrelates vanilla saliency and Grad-CAM maps from the trained model's maps (mean
// Spearman rank correlation well below 1), while the trained model stays bit-identical. The full
// table (more digits and methods) is printed by bench/metrics-mnist.ts and quoted in the README.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { evaluate } from '../../src/index.ts';
import { loadBundledModel, loadBundledSamples } from '../../models/lib/bundled.ts';
import { useCpu } from '../support/backend.ts';
import { weightSnapshot } from '../support/tensors.ts';

let model: tf.LayersModel;
let images: tf.Tensor4D;
let labels: number[];

before(async () => {
  await useCpu();
  model = (await loadBundledModel('mnist-cnn')).model;
  const samples = (await loadBundledSamples('mnist-cnn')).filter((_, i) => i % 10 === 0).slice(0, 3);
  images = tf.tensor4d(samples.flatMap((s) => [...s.pixels]), [samples.length, 28, 28, 1]);
  labels = samples.map((s) => s.target);
});

after(() => {
  images.dispose();
  model.dispose();
});

for (const method of ['saliency', 'grad-cam']) {
  test(`MPRT on the MNIST CNN: ${method} maps decorrelate as the layers are randomised top-down`, async () => {
    const weights = weightSnapshot(model);
    const before = tf.memory().numTensors;
    const result = await evaluate(model, images, { explainer: { method } }, 'model-parameter-randomisation', { target: labels });
    assert.equal(tf.memory().numTensors, before, 'leaked tensors');
    weightSnapshot(model).forEach((w, i) => assert.deepEqual(w, weights[i], `weight ${i} changed`));
    assert.deepEqual(result.perLayer!.map((l) => l.layer), ['preds', 'dense_1', 'conv2d_2', 'conv2d_1']);
    const last = result.perLayer!.at(-1)!.similarity;
    const meanLast = last.reduce((a, b) => a + b, 0) / last.length;
    assert.ok(meanLast < 0.6, `${method}: mean Spearman after randomising every layer ${meanLast.toFixed(3)}`);
    result.scores.forEach((s) => assert.ok(s < 0.7, `${method}: mean similarity over layers ${s.toFixed(3)}`));
  });
}
