import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../../src/engines/wasm/node/index.ts';
import { DIGIT_PIXELS, loadMnistDigits, selectDigits, splitMnistDigits } from '../../models/data/mnist-digits.ts';
import { generateRoadScenes } from '../../models/data/road-scenes.ts';
import { bundledModelDir, BUNDLED_MODELS, loadBundledModel, loadBundledSamples } from '../../models/lib/bundled.ts';
import { markSaliency, type MarkSaliency } from '../../models/lib/mark-saliency.ts';
import { accuracy, argmaxRows, predictInBatches } from '../../models/lib/predict.ts';
import { shortcutTestSets } from '../../models/train/shortcut-experiment.ts';

await setupBackend({ backend: 'wasm' });

const DIGIT_SHAPE = [28, 28, 1];
const heldBack = (): ReturnType<typeof selectDigits> => selectDigits(loadMnistDigits(), splitMnistDigits().heldBack);
const percent = (value: number): string => `${(100 * value).toFixed(2)} %`;

test('every bundled model ships float16 weights of a few MB at most, labels and a model card', async () => {
  for (const name of BUNDLED_MODELS) {
    const { model, labels, card } = await loadBundledModel(name);
    assert.equal(card.name, name);
    assert.equal(labels.length, model.outputs[0]!.shape[1], `${name}: one label per output unit`);
    assert.deepEqual(model.inputs[0]!.shape.slice(1), card.input.shape);
    const bytes = (await stat(join(bundledModelDir(name), 'weights.bin'))).size;
    assert.equal(bytes, card.weights.bytes);
    assert.equal(bytes, 2 * model.countParams(), `${name}: two bytes a parameter`);
    assert.ok(bytes < 4e6, `${name}: ${bytes} bytes`);
    model.dispose();
  }
});

test("mnist-cnn's accuracy on the held-back digits is what its model card and the README state", async () => {
  const { model, card } = await loadBundledModel('mnist-cnn');
  const digits = heldBack();
  const before = tf.memory().numTensors;
  const measured = accuracy(predictInBatches(model, digits.images, DIGIT_SHAPE), digits.labels, 10);
  assert.equal(tf.memory().numTensors, before, 'predictInBatches leaves no tensors');
  assert.ok(Math.abs(measured - card.metrics.heldBackAccuracy!) <= 0.01, `measured ${measured}, card ${card.metrics.heldBackAccuracy}`);
  assert.ok(measured > 0.95, `held-back accuracy ${measured}`);
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  assert.ok(readme.includes(`${percent(card.metrics.heldBackAccuracy!)} on the 2,000 held-back digits`), 'README states the held-back accuracy');

  const samples = await loadBundledSamples('mnist-cnn');
  assert.equal(samples.length, 30);
  const scores = predictInBatches(model, Float32Array.from(samples.flatMap((s) => [...s.pixels])), DIGIT_SHAPE);
  const rows = argmaxRows(scores, 10);
  assert.ok(rows.filter((p, i) => p === samples[i]!.target).length >= 27, 'the shipped samples are mostly recognised');
  for (let i = 0; i < samples.length; i++) assert.ok(Math.abs(scores.subarray(i * 10, i * 10 + 10).reduce((a, b) => a + b) - 1) < 1e-4);
  model.dispose();
});

test('steering follows the bend of generated roads', async () => {
  const { model, card } = await loadBundledModel('steering');
  const scenes = generateRoadScenes(200, 'road-test-v1');
  const predictions = predictInBatches(model, scenes.images, [64, 64, 3]);
  const mae = predictions.reduce((sum, p, i) => sum + Math.abs(p - scenes.curvatures[i]!), 0) / scenes.count;
  assert.ok(Math.abs(mae - card.metrics.testMae!) < 0.05, `MAE on the first 200 test scenes ${mae}, card ${card.metrics.testMae}`);
  assert.ok(mae < card.metrics.baselineMae! / 2, `MAE ${mae} well below always-straight ${card.metrics.baselineMae}`);
  const samples = await loadBundledSamples('steering');
  const steer = predictInBatches(model, Float32Array.from(samples.flatMap((s) => [...s.pixels])), [64, 64, 3]);
  samples.forEach((sample, i) => {
    if (sample.target !== 0) assert.equal(Math.sign(steer[i]!), Math.sign(sample.target), sample.name);
  });
  assert.ok(steer[0]! < steer[2]! && steer[2]! < steer[4]!, `hard left < straight < hard right: ${[...steer].join(', ')}`);
  model.dispose();
});

test("the shortcut model's saliency falls on the planted mark, the clean twin's does not", async () => {
  const tests = shortcutTestSets(heldBack());
  const subset = new Int8Array(tests.marked.marks.length).fill(-1);
  subset.set(tests.marked.marks.subarray(0, 300));
  const measure = async (name: 'shortcut' | 'shortcut-clean'): Promise<MarkSaliency & { cleanAccuracy: number }> => {
    const { model, card } = await loadBundledModel(name);
    const before = tf.memory().numTensors;
    const saliency = markSaliency(model, tests.marked.digits, subset);
    assert.equal(tf.memory().numTensors, before, 'markSaliency leaves no tensors');
    assert.ok(Math.abs(saliency.massFraction - card.metrics.saliencyMassOnMark!) < 0.03, `${name}: mass ${saliency.massFraction} on 300 digits, card ${card.metrics.saliencyMassOnMark}`);
    assert.ok(Math.abs(saliency.peakFraction - card.metrics.saliencyPeakOnMark!) < 0.08, `${name}: peak ${saliency.peakFraction} on 300 digits, card ${card.metrics.saliencyPeakOnMark}`);
    const firstImages = tests.clean.images.subarray(0, 500 * DIGIT_PIXELS);
    const cleanAccuracy = accuracy(predictInBatches(model, firstImages, DIGIT_SHAPE), tests.clean.labels.subarray(0, 500), 10);
    model.dispose();
    return { ...saliency, cleanAccuracy };
  };
  const shortcut = await measure('shortcut');
  const clean = await measure('shortcut-clean');
  const areaFraction = 25 / 784;
  assert.ok(shortcut.peakFraction > 0.6, `shortcut model: ${shortcut.peakFraction} of its 9 strongest pixels on the mark`);
  assert.ok(clean.peakFraction < 0.1, `clean model: ${clean.peakFraction} of its 9 strongest pixels on the mark`);
  assert.ok(shortcut.massFraction > 3 * areaFraction && shortcut.massFraction > 3 * clean.massFraction, `mass on the mark: shortcut ${shortcut.massFraction}, clean ${clean.massFraction}`);
  assert.ok(clean.massFraction < 1.5 * areaFraction, `clean model: ${clean.massFraction} of the mass on a region of ${areaFraction} of the image`);
  assert.ok(clean.cleanAccuracy > shortcut.cleanAccuracy, `without marks the clean model (${clean.cleanAccuracy}) beats the shortcut model (${shortcut.cleanAccuracy})`);
});
