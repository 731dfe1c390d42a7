// Randomisation metrics: MPRT randomises a private copy (the user's model stays bit-identical, no
// tensor leaks); a layer whose weights are all equal is unchanged by the shuffle, so its similarity
// is exactly 1; random logit draws another class; SSIM and Spearman agree with scikit-image / scipy.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';
import { evaluate } from '../../src/index.ts';
import { otherClass } from '../../src/metrics/randomisation/random-logit.ts';
import { ssim } from '../../src/metrics/randomisation/similarity.ts';
import { spearman } from '../../src/metrics/statistics.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';
import { tinyCnn, tinyImages } from '../support/models.ts';
import { seededValues, weightSnapshot } from '../support/tensors.ts';

before(useCpu);

/** 6 -> dense(4, seeded) -> dense(3, every weight 0.5): shuffling the top layer changes nothing. */
function twoLayers(): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [6], units: 4, useBias: false, name: 'bottom' }),
      tf.layers.dense({ units: 3, useBias: false, name: 'top' }),
    ],
  });
  const weights = [tf.tensor(seededValues(24, 3), [6, 4]), tf.fill([4, 3], 0.5)];
  model.setWeights(weights);
  weights.forEach((w) => w.dispose());
  return model;
}

test('MPRT: a layer of equal weights keeps similarity 1, the seeded bottom layer decorrelates; the model is unchanged', async () => {
  const model = twoLayers();
  const input = tf.tensor2d(seededValues(12, 9), [2, 6]);
  const weights = weightSnapshot(model);
  const before = tf.memory().numTensors;
  const result = await evaluate(model, input, { explainer: { method: 'saliency' } }, 'model-parameter-randomisation', { target: 0, similarity: 'pearson', absolute: false });
  assert.equal(tf.memory().numTensors, before, 'leaked tensors');
  weightSnapshot(model).forEach((w, i) => assert.deepEqual(w, weights[i], `weight ${i} changed`));
  assert.deepEqual(result.perLayer!.map((l) => l.layer), ['top', 'bottom']);
  assertClose(result.perLayer![0]!.similarity, [1, 1], { atol: 1e-6 });
  result.perLayer![1]!.similarity.forEach((s) => assert.ok(s < 0.99, `similarity ${s} after shuffling the bottom layer`));
  assertClose(result.scores, result.perLayer![1]!.similarity.map((s) => (1 + s) / 2), { atol: 1e-9 });
  input.dispose();
  model.dispose();
});

test('MPRT on a CNN: cascading and independent runs list every weighted layer, are seeded, and leave the model unchanged', async () => {
  const model = tinyCnn();
  const images = tinyImages(2);
  const weights = weightSnapshot(model);
  const before = tf.memory().numTensors;
  const cascading = await evaluate(model, images, { explainer: { method: 'grad-cam' } }, 'model-parameter-randomisation', { target: 1, seed: 4 });
  const again = await evaluate(model, images, { explainer: { method: 'grad-cam' } }, 'model-parameter-randomisation', { target: 1, seed: 4 });
  const independent = await evaluate(model, images, { explainer: { method: 'saliency' } }, 'model-parameter-randomisation', { target: 1, mode: 'independent' });
  assert.equal(tf.memory().numTensors, before, 'leaked tensors');
  weightSnapshot(model).forEach((w, i) => assert.deepEqual(w, weights[i], `weight ${i} changed`));
  assert.deepEqual(cascading.perLayer!.map((l) => l.layer), ['probs', 'conv_b', 'conv_a']);
  assert.deepEqual(independent.perLayer!.map((l) => l.layer), ['probs', 'conv_b', 'conv_a']);
  assert.deepEqual(cascading.perLayer, again.perLayer);
  assert.equal(cascading.meta.evaluations, 1 + 3);
  images.dispose();
  model.dispose();
});

test('random logit: the other class differs from the explained one and is drawn per class; maps are compared', async () => {
  for (let unit = 0; unit < 5; unit++) {
    const other = otherClass(0, unit, 5);
    assert.ok(other !== unit && other >= 0 && other < 5, `class ${unit} -> ${other}`);
  }
  const model = tinyCnn();
  const images = tinyImages(2);
  const before = tf.memory().numTensors;
  const result = await evaluate(model, images, { explainer: { method: 'saliency' } }, 'random-logit', { target: [1, 3], similarity: 'spearman' });
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(result.meta.extra!['otherClasses'], [otherClass(0, 1, 5), otherClass(0, 3, 5)]);
  result.scores.forEach((s) => assert.ok(s > -1 && s < 1, `similarity ${s}`));
  images.dispose();
  model.dispose();
});

const PYTHON = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import skimage.metrics, scipy.stats'], { stdio: 'ignore' }).status === 0);

test('SSIM and Spearman equal scikit-image structural_similarity and scipy spearmanr', { skip: PYTHON ? false : 'needs python3 with scikit-image and scipy (Debian python3-skimage, python3-scipy)' }, () => {
  const [h, w] = [9, 11];
  const a = Float32Array.from(seededValues(h * w, 21));
  const b = Float32Array.from(a, (v, i) => 0.6 * v + 0.4 * Math.sin(i));
  b[7] = a[3]!; // a tie for the ranks
  const script =
    'import sys, json, numpy as np; from skimage.metrics import structural_similarity as s; from scipy.stats import spearmanr;' +
    'd = json.load(sys.stdin); a = np.array(d["a"], dtype=np.float64).reshape(d["h"], d["w"]); b = np.array(d["b"], dtype=np.float64).reshape(d["h"], d["w"]);' +
    'r = float(max(a.max(), b.max()) - min(a.min(), b.min())); print(json.dumps([float(s(a, b, data_range=r)), float(spearmanr(a.ravel(), b.ravel())[0])]))';
  const out = spawnSync(PYTHON as string, ['-c', script], { input: JSON.stringify({ a: [...a], b: [...b], h, w }), encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  const [expectedSsim, expectedSpearman] = JSON.parse(out.stdout) as [number, number];
  assertClose([ssim(a, b, h, w), spearman(a, b)], [expectedSsim, expectedSpearman], { atol: 1e-6 });
});
