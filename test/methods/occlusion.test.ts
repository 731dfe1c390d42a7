// Occlusion against closed forms on models whose output is a known linear function of the pixels.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { occlusion, SaliencyError, type Progress } from '../../src/index.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';
import { seededValues, withoutLeaks } from '../support/tensors.ts';
import { countingInput, linearModel, sumModel } from './linear-models.ts';

before(useCpu);

describe('occlusion', () => {
  // x = 1..9 on a 3x3 grid; the 2x2 windows' sums are 12 (top left), 16, 24 and 28 (bottom right),
  // and each pixel gets the mean over the windows that cover it.
  const model = sumModel([3, 3, 1]);
  const x = countingInput([1, 3, 3, 1]);

  test('2x2 windows, stride 1, on the pixel-sum model: the mean drop of the covering windows', async () => {
    const result = await withoutLeaks(() => occlusion(model, x, { window: 2, stride: 1, target: 0 }));
    assert.deepEqual([...result.map.shape], [1, 3, 3, 1]);
    assertClose(result.map.data, [12, 14, 16, 18, 20, 22, 24, 26, 28]);
    assert.deepEqual(result.meta.scores, [45]);
    assert.equal(result.meta.method, 'occlusion');
  });

  test('a baseline of 1 removes 1 per occluded pixel from every drop', async () => {
    const result = await occlusion(model, x, { window: [2, 2], stride: 1, baseline: 1, target: 0 });
    assertClose(result.map.data, [8, 10, 12, 14, 16, 18, 20, 22, 24]);
  });

  test('a stride that does not tile the input places a last window cut at the edge (Captum: ceil((d - w) / s) + 1)', async () => {
    // Windows at rows/cols 0 and 2: {1,2,4,5} = 12, {3,6} = 9, {7,8} = 15, {9} = 9; each value covered once.
    const result = await occlusion(model, x, { window: 2, stride: 2, target: 0 });
    assertClose(result.map.data, [12, 12, 9, 12, 12, 9, 15, 15, 9]);
    assert.deepEqual(result.meta.extra?.['evaluations'], [4]);
  });

  test('28x28, window 5, stride 3: every value is covered (9 windows per axis, the last cut to 4)', async () => {
    const big = sumModel([28, 28, 1]);
    const input = tf.ones([1, 28, 28, 1]);
    const result = await withoutLeaks(() => occlusion(big, input, { window: 5, stride: 3, target: 0 }));
    assert.deepEqual(result.meta.extra?.['evaluations'], [81]);
    // On the all-ones sum model every window's drop is its own size, so the map is the mean covering window size.
    assert.equal(result.map.data.filter((v) => v === 0).length, 0);
    // The far corner (27, 27) is covered only by the last window, cut to 4x4 (starts at 24).
    assertClose([result.map.data[28 * 28 - 1] as number], [16]);
    input.dispose();
  });

  test('a stride larger than the window is refused (Captum), except on axes the window covers whole', async () => {
    await assert.rejects(occlusion(model, x, { window: 1, stride: 2, target: 0 }), (error: unknown) => {
      assert.ok(error instanceof SaliencyError);
      assert.equal(error.argument, 'stride');
      assert.match(error.message, /larger than the window's 1/);
      return true;
    });
    // The channel axis (size 1, covered whole) takes the stride without complaint.
    const result = await occlusion(model, x, { window: 3, stride: 5, target: 0 });
    assertClose(result.map.data, new Array(9).fill(45));
  });

  test('a window over the whole input gives f(x) - f(baseline) everywhere', async () => {
    const result = await occlusion(model, x, { window: 15, baseline: 0.5, target: 0 });
    assertClose(result.map.data, new Array(9).fill(45 - 9 * 0.5));
  });

  test('single-value windows on a weighted linear model give w * (x - b); spatial windows sum the channels', async () => {
    const shape = [4, 4, 2];
    const w = seededValues(32, 3);
    const kernel = Array.from(w, (v, p) => [v, (p % 5) - 2]);
    const weighted = linearModel(shape, kernel, [0.25, -1]);
    const input = tf.tensor(seededValues(64, 9), [2, ...shape]);
    const xs = input.dataSync();
    const perValue = await occlusion(weighted, input, { window: [1, 1, 1], baseline: 0.2, target: 0, perturbationsPerEval: 7 });
    assertClose(perValue.map.data, Array.from(xs, (v, i) => (w[i % 32] as number) * (v - 0.2)), { atol: 1e-5 });
    const perPixel = await occlusion(weighted, input, { window: 1, baseline: 0.2, target: 0 });
    const pixelDrop = (i: number): number => {
      const pixel = Math.floor(i / 2) * 2;
      return (w[pixel % 32] as number) * ((xs[pixel] as number) - 0.2) + (w[(pixel + 1) % 32] as number) * ((xs[pixel + 1] as number) - 0.2);
    };
    assertClose(perPixel.map.data, Array.from(xs, (_, i) => pixelDrop(i)), { atol: 1e-5 });
    input.dispose();
  });

  test('the predicted class stays the one of the original input, even when occlusion flips it', async () => {
    // Output 1 is the constant 40: occluding the bottom-right window drops output 0 from 45 to 17.
    const flipping = linearModel([3, 3, 1], Array.from({ length: 9 }, () => [1, 0]), [0, 40]);
    const result = await occlusion(flipping, x, { window: 2, stride: 1 });
    assert.deepEqual(result.meta.units, [0]);
    assertClose(result.map.data, [12, 14, 16, 18, 20, 22, 24, 26, 28]);
  });

  test('each input of a multi-input model is occluded on its own', async () => {
    const a = tf.input({ shape: [3] });
    const b = tf.input({ shape: [2] });
    const merged = tf.layers.concatenate().apply([a, b]) as tf.SymbolicTensor;
    const dense = tf.layers.dense({ units: 1, useBias: false });
    const out = dense.apply(merged) as tf.SymbolicTensor;
    const twoInputs = tf.model({ inputs: [a, b], outputs: out });
    dense.setWeights([tf.tensor2d([[1], [2], [3], [-1], [0.5]])]);
    const inputs = [tf.tensor2d([[1, 1, 1]]), tf.tensor2d([[2, 4]])];
    const result = await withoutLeaks(() => occlusion(twoInputs, inputs, { window: 1, target: 0 }));
    assertClose(result.maps[0]?.data ?? [], [1, 2, 3]);
    assertClose(result.maps[1]?.data ?? [], [-2, 2]);
  });

  test('reports progress per chunk and can be cancelled', async () => {
    const seen: Progress[] = [];
    await occlusion(model, x, { window: 1, target: 0, perturbationsPerEval: 4, onProgress: (p) => seen.push(p) });
    assert.deepEqual(seen.map((p) => p.done), [4, 8, 9]);
    assert.ok(seen.every((p) => p.total === 9));
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    await assert.rejects(
      occlusion(model, x, { window: 1, target: 0, perturbationsPerEval: 2, signal: controller.signal, onProgress: () => controller.abort() }),
      (error: unknown) => error instanceof SaliencyError && error.code === 'CANCELLED',
    );
    assert.equal(tf.memory().numTensors, before);
  });

  test('bad windows and strides are refused with the argument named', async () => {
    await assert.rejects(occlusion(model, x, { window: [4, 1] }), /window: 4 on axis 0 is larger than the sample's 3/);
    await assert.rejects(occlusion(model, x, { window: [1, 1, 1, 1] }), /window: expected a number or at most 3 sizes/);
    await assert.rejects(occlusion(model, x, { stride: 0 }), /stride: got 0; expected 'auto', an integer from 1 to 4096, or a list of them/);
    await assert.rejects(occlusion(model, x, { perturbationsPerEval: 0 }), /perturbationsPerEval: got 0/);
    await assert.rejects(occlusion(model, x, { baseline: tf.zeros([2, 2]) as tf.Tensor }), /baseline: got shape \[2, 2\]; expected one of \[3, 3, 1\], \[1, 3, 3, 1\], \[3, 3\], \[1, 3, 3\]/);
  });
});
