// HiRes-CAM, XGrad-CAM, Eigen-CAM and Ablation-CAM against hand computations on a model whose
// layer 'features' is the input itself and whose head is linear (the gradient there is a kernel
// column), plus pytorch-grad-cam's eigenSmooth and augSmooth options.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { ablationCam, eigenCam, gradCam, hiResCam, xGradCam } from '../../src/index.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';
import { withoutLeaks } from '../support/tensors.ts';
import { column, linearHeadModel, linearScores, seededImages, seededKernel } from './cam-models.ts';

before(useCpu);

const SIZE = 4;
const CHANNELS = 3;
const POSITIONS = SIZE * SIZE;
const kernel = seededKernel(POSITIONS * CHANNELS, 2, 5);
const bias = [0.3, -0.2];
const raw = { upsample: 'none', relu: false } as const;

function setup(): { model: tf.LayersModel; x: tf.Tensor; a: Float32Array[] } {
  const model = linearHeadModel(SIZE, CHANNELS, 1, kernel, bias);
  const x = seededImages([2, SIZE, SIZE, CHANNELS], 4);
  const data = x.dataSync() as Float32Array;
  const a = [0, 1].map((n) => data.slice(n * POSITIONS * CHANNELS, (n + 1) * POSITIONS * CHANNELS));
  return { model, x, a };
}

/** sum over channels of weight(p, c) * A[p, c], per position. */
function channelSum(a: Float32Array, weight: (p: number, c: number) => number): number[] {
  return Array.from({ length: POSITIONS }, (_, p) => {
    let sum = 0;
    for (let c = 0; c < CHANNELS; c++) sum += weight(p, c) * (a[p * CHANNELS + c] as number);
    return sum;
  });
}

/** First principal component projection by power iteration on the covariance (independent of the SVD in src/). */
function projection(values: number[][]): number[] {
  const means = values[0]!.map((_, c) => values.reduce((s, row) => s + row[c]!, 0) / values.length);
  const centred = values.map((row) => row.map((v, c) => v - means[c]!));
  const k = means.length;
  const cov = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => centred.reduce((s, row) => s + row[i]! * row[j]!, 0)));
  let v = Array.from({ length: k }, (_, i) => 1 + i);
  for (let it = 0; it < 500; it++) {
    const next = cov.map((row) => row.reduce((s, c, j) => s + c * v[j]!, 0));
    const norm = Math.hypot(...next);
    v = next.map((e) => e / norm);
  }
  const p = centred.map((row) => row.reduce((s, e, c) => s + e * v[c]!, 0));
  const flip = Math.abs(Math.min(...p)) > Math.abs(Math.max(...p));
  return flip ? p.map((e) => -e) : p;
}

function rows(a: Float32Array, weight: (p: number, c: number) => number = () => 1): number[][] {
  return Array.from({ length: POSITIONS }, (_, p) => Array.from({ length: CHANNELS }, (_, c) => weight(p, c) * a[p * CHANNELS + c]!));
}

describe('new CAMs equal their hand computation on a linear head', () => {
  test('HiRes-CAM: sum_c g * A per position, summing to the score minus the bias', async () => {
    const { model, x, a } = setup();
    for (const unit of [0, 1]) {
      const g = column(kernel, unit);
      const result = await withoutLeaks(() => hiResCam(model, x, { ...raw, target: unit, layer: 'features' }));
      assert.deepEqual(result.map.shape, [2, SIZE, SIZE]);
      const expected = a.flatMap((s) => channelSum(s, (p, c) => g[p * CHANNELS + c]!));
      assertClose(result.map.data, expected, { atol: 1e-5 });
      const total = result.map.data.slice(0, POSITIONS).reduce((s, v) => s + v, 0);
      assert.ok(Math.abs(total - (linearScores(a[0]!, kernel, bias)[unit]! - bias[unit]!)) < 1e-4);
    }
    x.dispose();
  });

  test('XGrad-CAM: weights sum(g A) / sum(A) per channel', async () => {
    const { model, x, a } = setup();
    const g = column(kernel, 1);
    const result = await withoutLeaks(() => xGradCam(model, x, { ...raw, target: 1, layer: 'features' }));
    const expected = a.flatMap((s) => {
      const w = Array.from({ length: CHANNELS }, (_, c) => {
        let num = 0;
        let den = 0;
        for (let p = 0; p < POSITIONS; p++) {
          num += g[p * CHANNELS + c]! * s[p * CHANNELS + c]!;
          den += s[p * CHANNELS + c]!;
        }
        return num / (den + 1e-7);
      });
      return channelSum(s, (_, c) => w[c]!);
    });
    assertClose(result.map.data, expected, { atol: 1e-5, rtol: 1e-4 });
    x.dispose();
  });

  test('Eigen-CAM: projection on the first principal component, whatever the class', async () => {
    const { model, x, a } = setup();
    const result = await withoutLeaks(() => eigenCam(model, x, { ...raw, layer: 'features' }));
    assertClose(result.map.data, a.flatMap((s) => projection(rows(s))), { atol: 1e-4, rtol: 1e-3 });
    const other = await eigenCam(model, x, { ...raw, layer: 'features', target: 1 });
    assert.deepEqual(other.map.data, result.map.data);
    assert.equal(result.meta.scores.length, 2);
    await assert.rejects(eigenCam(model, x, { backpropModifier: 'guided' }), /backpropModifier/);
    x.dispose();
  });

  test('Ablation-CAM: w_c = (y - y without channel c) / y, in batches of any size', async () => {
    const { model, x, a } = setup();
    const g = column(kernel, 0);
    const expected = a.flatMap((s) => {
      const y = linearScores(s, kernel, bias)[0]!;
      const w = Array.from({ length: CHANNELS }, (_, c) => {
        let drop = 0;
        for (let p = 0; p < POSITIONS; p++) drop += g[p * CHANNELS + c]! * s[p * CHANNELS + c]!;
        return drop / y;
      });
      return channelSum(s, (_, c) => w[c]!);
    });
    const progress: number[] = [];
    const result = await withoutLeaks(() => ablationCam(model, x, { ...raw, target: 0, layer: 'features', batchSize: 4, onProgress: (p) => progress.push(p.done) }));
    assertClose(result.map.data, expected, { atol: 1e-4, rtol: 1e-3 });
    assert.deepEqual(progress, [4, 6]);
    const whole = await ablationCam(model, x, { ...raw, target: 0, layer: 'features', batchSize: 64 });
    assertClose(whole.map.data, result.map.data, { atol: 1e-6 });
    x.dispose();
  });
});

describe("pytorch-grad-cam's smoothing options", () => {
  test('eigenSmooth projects the weighted channels (Grad-CAM: mean gradient x activation)', async () => {
    const { model, x, a } = setup();
    const g = column(kernel, 0);
    const means = Array.from({ length: CHANNELS }, (_, c) => Array.from({ length: POSITIONS }, (_, p) => g[p * CHANNELS + c]!).reduce((s, v) => s + v, 0) / POSITIONS);
    const result = await withoutLeaks(() => gradCam(model, x, { ...raw, target: 0, layer: 'features', eigenSmooth: true }));
    assertClose(result.map.data, a.flatMap((s) => projection(rows(s, (_, c) => means[c]!))), { atol: 1e-4, rtol: 1e-3 });
    assert.equal(result.meta.extra?.['eigenSmooth'], true);
    x.dispose();
  });

  test('augSmooth averages the min-max scaled maps of 6 flipped and scaled copies', async () => {
    const { model, x } = setup();
    const result = await withoutLeaks(() => hiResCam(model, x, { ...raw, target: 1, layer: 'features', augSmooth: true }));
    const expected = new Float64Array(2 * POSITIONS);
    for (const flip of [false, true]) {
      for (const factor of [0.9, 1, 1.1]) {
        const copy = tf.tidy(() => tf.mul(flip ? tf.reverse(x, 2) : x, factor));
        const map = (await hiResCam(model, copy, { ...raw, target: 1, layer: 'features' })).map.data;
        copy.dispose();
        for (let n = 0; n < 2; n++) {
          const sample = Array.from({ length: POSITIONS }, (_, p) => map[n * POSITIONS + (flip ? p - (p % SIZE) + SIZE - 1 - (p % SIZE) : p)]!);
          const low = Math.min(...sample);
          const high = Math.max(...sample) - low;
          sample.forEach((v, p) => (expected[n * POSITIONS + p] += (v - low) / (high + 1e-7) / 6));
        }
      }
    }
    assertClose(result.map.data, expected, { atol: 1e-5 });
    assert.equal((result.meta.extra?.['augSmooth'] as { runs: number }).runs, 6);
    x.dispose();
  });
});
