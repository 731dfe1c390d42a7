import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { loadFolderModel } from '../../models/lib/bundled.ts';
import { float32ToFloat16Bits, toFloat16 } from '../../models/lib/float16.ts';
import { classLogits } from '../../models/lib/logits.ts';
import { saveLayersModel } from '../../models/lib/model-files.ts';
import { accuracy, argmaxRows } from '../../models/lib/predict.ts';
import { regionMassFraction, regionPeakFraction } from '../../models/lib/region-share.ts';
import { decodeSamples, encodeSamples } from '../../models/lib/samples.ts';
import { regressionMetrics } from '../../models/train/regression-metrics.ts';

await tf.setBackend('cpu');

const tinyClassifier = (): tf.Sequential => {
  const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 4, activation: 'relu' }), tf.layers.dense({ units: 2, activation: 'softmax' })] });
  model.setWeights([tf.tensor2d([0.1, -0.2, 0.3, 1e-5, 0.5, 0.6, -0.7, 0.4, 0.9, 1, -1.1, 1.2], [3, 4]), tf.tensor1d([0.1, 0, 0, 0.2]), tf.tensor2d([1, -1, 0.5, 0.25, -0.333, 2, 3, -3], [4, 2]), tf.tensor1d([0.01, -0.01])]);
  return model;
};

test('float32 to float16 rounds to nearest, ties to even, with subnormals and infinities', () => {
  const cases: [number, number][] = [
    [0, 0x0000], [1, 0x3c00], [-2, 0xc000], [0.1, 0x2e66], [65504, 0x7bff], [65520, 0x7c00], [1e5, 0x7c00],
    [6e-8, 0x0001], [2e-8, 0x0000], [1.00048828125, 0x3c00], [1.00146484375, 0x3c02], [-Infinity, 0xfc00], [NaN, 0x7e00],
  ];
  for (const [value, bits] of cases) assert.equal(float32ToFloat16Bits(value), bits, `${value}`);
  const decoded = tf.io.decodeWeights(toFloat16(new Float32Array([0.1, -3.5])).buffer as ArrayBuffer, [{ name: 'w', shape: [2], dtype: 'float32', quantization: { dtype: 'float16' } }]);
  assert.deepEqual([...decoded.w!.dataSync()], [0.0999755859375, -3.5]);
  tf.dispose(decoded.w);
});

test('a model saved as float16 loads through the project loader with its weights rounded to float16', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'saved-model-'));
  try {
    const model = tinyClassifier();
    await saveLayersModel(model, dir);
    assert.deepEqual((await readdir(dir)).sort(), ['model.json', 'weights.bin'], 'no temporary files left');
    const { model: loaded, card } = await loadFolderModel(dir);
    assert.equal(card, undefined);
    const original = model.getWeights().map((w) => w.dataSync() as Float32Array);
    loaded.getWeights().forEach((w, i) => {
      const expected = tf.io.decodeWeights(toFloat16(original[i]!).buffer as ArrayBuffer, [{ name: 'w', shape: [original[i]!.length], dtype: 'float32', quantization: { dtype: 'float16' } }]);
      assert.deepEqual([...w.dataSync()], [...expected.w!.dataSync()]);
      tf.dispose(expected.w);
    });
    model.dispose();
    loaded.dispose();
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('classLogits gives the pre-softmax scores and shares the weights', () => {
  const model = tinyClassifier();
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const x = tf.tensor2d([1, 2, 3, -1, 0.5, 0], [2, 3]);
    const logits = classLogits(model)(x);
    const probabilities = model.predict(x) as tf.Tensor;
    assert.ok(tf.max(tf.abs(tf.sub(tf.softmax(logits), probabilities))).dataSync()[0]! < 1e-6);
    // Row 0 by hand: hidden = relu([1, 2, 3] W1 + b1) = [3.9, 4.0, 0 (from -4.4), 4.60001].
    const hidden = [0.1 + 0.5 * 2 + 0.9 * 3 + 0.1, -0.2 + 0.6 * 2 + 1 * 3, 0, 1e-5 + 0.4 * 2 + 1.2 * 3 + 0.2];
    const logit0 = hidden[0]! * 1 + hidden[1]! * 0.5 + hidden[2]! * -0.333 + hidden[3]! * 3 + 0.01;
    assert.ok(Math.abs(logits.dataSync()[0]! - logit0) / logit0 < 1e-6);
  });
  assert.equal(tf.memory().numTensors, before);
  const linear = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
  assert.throws(() => classLogits(linear), /needs a last Dense layer with softmax activation/);
  model.dispose();
  linear.dispose();
});

test('samples round-trip through their 8-bit encoding', () => {
  const pixels = Float32Array.from([0, 0.2, 0.5, 1, 0.999, 1.5]);
  const file = encodeSamples([2, 3, 1], [{ name: 'a', target: 3, pixels }]);
  const [decoded] = decodeSamples(JSON.parse(JSON.stringify(file)) as typeof file);
  assert.equal(decoded!.name, 'a');
  assert.equal(decoded!.target, 3);
  decoded!.pixels.forEach((v, i) => assert.ok(Math.abs(v - Math.min(1, pixels[i]!)) <= 1 / 510 + 1e-6, `pixel ${i}`));
  assert.throws(() => encodeSamples([2, 2], [{ name: 'b', target: 0, pixels }]), /sample 'b' has 6 values, shape 2x2 needs 4/);
});

test('accuracy and regression metrics match hand-computed values', () => {
  const scores = Float32Array.from([0.1, 0.9, 0.8, 0.2, 0.3, 0.7]);
  assert.deepEqual([...argmaxRows(scores, 2)], [1, 0, 1]);
  assert.equal(accuracy(scores, [1, 1, 1], 2), 2 / 3);
  const m = regressionMetrics(Float32Array.from([0.5, -0.5, 0.1]), Float32Array.from([1, -1, 0]));
  assert.ok(Math.abs(m.testMae - 1.1 / 3) < 1e-7);
  assert.ok(Math.abs(m.testRmse - Math.sqrt((0.25 + 0.25 + 0.01) / 3)) < 1e-7);
  assert.ok(Math.abs(m.baselineMae - 2 / 3) < 1e-7);
  assert.equal(m.signAccuracy, 1, 'the target 0 is below the sign threshold and not counted');
  // covariance 1.0, variances 0.50667 and 2: r = 1 / sqrt(1.01333)
  assert.ok(Math.abs(m.correlation - 1 / Math.sqrt(0.5066666667 * 2)) < 1e-6);
});

test('regionMassFraction: |values| inside the region over all |values|', () => {
  const map = { data: Float32Array.from([1, -3, 0, 4]), shape: [2, 2] };
  assert.equal(regionMassFraction(map, [0, 1, 1, 0]), 3 / 8);
  assert.equal(regionMassFraction(map, [1, 1, 1, 1]), 1);
  assert.equal(regionMassFraction({ data: new Float32Array(4), shape: [2, 2] }, [1, 0, 0, 0]), 0);
  assert.throws(() => regionMassFraction(map, [1, 0]), /region: expected 4 values \(one per map value, map shape \[2, 2\]\), got 2/);
});

test('regionPeakFraction: the share of the strongest |values| inside the region, ties by position', () => {
  const map = { data: Float32Array.from([1, -3, 0, 4, 3]), shape: [5] };
  assert.equal(regionPeakFraction(map, [0, 1, 0, 0, 0], 1), 0);
  assert.equal(regionPeakFraction(map, [0, 1, 0, 0, 0], 2), 1 / 2);
  assert.equal(regionPeakFraction(map, [0, 0, 0, 1, 1], 3), 2 / 3);
  assert.equal(regionPeakFraction(map, [0, 1, 0, 1, 0], 3), 2 / 3);
  assert.throws(() => regionPeakFraction(map, [0, 0, 0, 0, 0], 6), /count: expected an integer from 1 to 5, got 6/);
});
