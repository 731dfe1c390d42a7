// Score-CAM against a hand computation on a linear head behind 2x2 average pooling: masks resized
// bilinearly (half-pixel) from 2x2 to 4x4 and min-max scaled, the masked input scored by softmax.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { SaliencyError, scoreCam, type Progress } from '../../src/index.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';
import { withoutLeaks } from '../support/tensors.ts';
import { linearHeadModel, linearScores, seededImages, seededKernel, softmax } from './cam-models.ts';

before(useCpu);

const CHANNELS = 2;
/** Half-pixel sample positions of 4 output pixels on a 2-cell axis (clamped at the edges). */
const POSITIONS = [0, 0.25, 0.75, 1];

/** 2x2 average pooling of one [4, 4, C] sample, flattened as [2, 2, C]. */
function pool(x: ArrayLike<number>): number[] {
  return Array.from({ length: 4 * CHANNELS }, (_, i) => {
    const [cell, k] = [Math.floor(i / CHANNELS), i % CHANNELS];
    const [cy, cx] = [Math.floor(cell / 2), cell % 2];
    let sum = 0;
    for (const dy of [0, 1]) for (const dx of [0, 1]) sum += x[((2 * cy + dy) * 4 + 2 * cx + dx) * CHANNELS + k] as number;
    return sum / 4;
  });
}

/** Channel k of A [2, 2, C] resized to 4x4 and min-max scaled with epsilon 1e-7. */
function mask(a: readonly number[], k: number): number[] {
  const cell = (y: number, x: number): number => a[(y * 2 + x) * CHANNELS + k] as number;
  const up = POSITIONS.flatMap((py) =>
    POSITIONS.map((px) => cell(0, 0) * (1 - px) * (1 - py) + cell(0, 1) * px * (1 - py) + cell(1, 0) * (1 - px) * py + cell(1, 1) * px * py),
  );
  const [low, high] = [Math.min(...up), Math.max(...up)];
  return up.map((v) => (v - low) / (high - low + 1e-7));
}

interface Hand {
  readonly kernel: number[][];
  readonly bias: number[];
  readonly weight: (logits: number[], unit: number) => number;
}

/** Score-CAM of one sample at layer resolution (2x2): relu(sum_k w_k A_k) over the chosen channels. */
function scoreCamByHand(x: ArrayLike<number>, unit: number, hand: Hand, channels: readonly number[], relu = true): number[] {
  const a = pool(x);
  const weights = channels.map((k) => {
    const m = mask(a, k);
    const masked = Array.from(x, (v, i) => v * (m[Math.floor(i / CHANNELS)] as number));
    return hand.weight(linearScores(pool(masked), hand.kernel, hand.bias), unit);
  });
  const cam = [0, 1, 2, 3].map((p) => channels.reduce((s, k, j) => s + (weights[j] as number) * (a[p * CHANNELS + k] as number), 0));
  return relu ? cam.map((v) => Math.max(v, 0)) : cam;
}

function spread(a: readonly number[], k: number): number {
  const values = [0, 1, 2, 3].map((p) => a[p * CHANNELS + k] as number);
  const mean = values.reduce((s, v) => s + v, 0) / 4;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / 4);
}

describe('Score-CAM', () => {
  const kernel = seededKernel(4 * CHANNELS, 3, 31, 2);
  const bias = [0.1, -0.2, 0.3];
  const model = linearHeadModel(4, CHANNELS, 2, kernel, bias);
  const x = seededImages([2, 4, 4, CHANNELS], 11);
  const values = x.dataSync() as Float32Array;
  const sample = (n: number): Float32Array => values.slice(n * 32, (n + 1) * 32);
  const predicted = (n: number): number => {
    const logits = linearScores(pool(sample(n)), kernel, bias);
    return logits.indexOf(Math.max(...logits));
  };
  const probability: Hand = { kernel, bias, weight: (logits, unit) => softmax(logits)[unit] as number };

  test('weights are the softmax probability of each sample\'s predicted class on the masked input', async () => {
    const result = await withoutLeaks(() => scoreCam(model, x, { upsample: 'none' }));
    assert.deepEqual(result.map.shape, [2, 2, 2]);
    const expected = [0, 1].flatMap((n) => scoreCamByHand(sample(n), predicted(n), probability, [0, 1]));
    assertClose(result.map.data, expected, { atol: 1e-6, rtol: 1e-4 });
    assert.deepEqual(result.meta.units, [1, 2], 'the samples predict different classes');
    assert.deepEqual(result.meta.units, [predicted(0), predicted(1)]);
    assert.equal(result.meta.extra?.['scoreActivation'], 'softmax');
  });

  test("scoreActivation 'none' weights by the raw score (the logit)", async () => {
    const logit: Hand = { kernel, bias, weight: (logits, unit) => logits[unit] as number };
    const result = await scoreCam(model, x, { target: 2, upsample: 'none', scoreActivation: 'none', relu: false });
    assertClose(result.map.data, [0, 1].flatMap((n) => scoreCamByHand(sample(n), 2, logit, [0, 1], false)), { atol: 1e-6, rtol: 1e-4 });
  });

  test('Faster-ScoreCAM (maxN 1) keeps the channel of largest spatial spread, per sample', async () => {
    const result = await scoreCam(model, x, { target: 1, upsample: 'none', maxN: 1 });
    const expected = [0, 1].flatMap((n) => {
      const a = pool(sample(n));
      return scoreCamByHand(sample(n), 1, probability, [spread(a, 0) >= spread(a, 1) ? 0 : 1]);
    });
    assertClose(result.map.data, expected, { atol: 1e-6, rtol: 1e-4 });
  });

  test('the batch size of the masked inputs does not change the map; progress counts masked inputs', async () => {
    const progress: Progress[] = [];
    const chunked = await withoutLeaks(() => scoreCam(model, x, { target: 0, batchSize: 3, onProgress: (p) => progress.push(p) }));
    const whole = await scoreCam(model, x, { target: 0 });
    assertClose(chunked.map.data, whole.map.data, { atol: 1e-7 });
    assert.deepEqual(progress, [{ done: 3, total: 4 }, { done: 4, total: 4 }]);
    assert.deepEqual(chunked.map.shape, [2, 4, 4]);
  });

  test('cancellation rejects with CANCELLED and leaks nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    const before = tf.memory().numTensors;
    await assert.rejects(scoreCam(model, x, { batchSize: 1, signal: controller.signal }), (error: SaliencyError) => error.code === 'CANCELLED');
    assert.equal(tf.memory().numTensors, before);
  });

  test('bad options are refused by name', async () => {
    await assert.rejects(scoreCam(model, x, { maxN: 3 }), /maxN: 3 exceeds the 2 channels of 'features'/);
    await assert.rejects(scoreCam(model, x, { batchSize: 0 }), /batchSize: got 0; expected an integer from 1 to 4096/);
  });
});
