// Function models through the perturbation engine: targets read the scores the function returns
// (a class for all, the predicted class per sample), rows go out in calls of at most maxBatch, a
// softmax that cannot be removed is a warning, wrong answers and layer targets fail with clear
// errors, progress is reported, a signal cancels, and no tensor leaks.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { featureAblation, featurePermutation, functionModel, getMethod, kernelShap, occlusion, rise, shapleySampling } from '../../../src/index.ts';
import { useCpu } from '../../support/backend.ts';
import { assertClose } from '../../support/assert-close.ts';
import { withoutLeaks } from '../../support/tensors.ts';
import { tinyCnn, tinyImages } from '../../support/models.ts';
import { linearFunction, wrapModel } from './function-models.ts';

before(useCpu);

/** Two scores per row: [sum of the row, -sum of the row]. */
function sumAndNegative(maxBatch = Infinity, calls: number[] = []) {
  return functionModel({
    inputShape: [2, 2, 1],
    outputSize: 2,
    maxBatch,
    predict: async ([rows], count) => {
      calls.push(count);
      const out = new Float32Array(count * 2);
      for (let r = 0; r < count; r++) {
        const s = (rows as Float32Array).subarray(r * 4, r * 4 + 4).reduce((a, v) => a + v, 0);
        out[2 * r] = s;
        out[2 * r + 1] = -s;
      }
      return out;
    },
  });
}

describe('function models in the perturbation engine', () => {
  const batch = tf.tensor([1, 2, 3, 4, -1, -2, -3, -4], [2, 2, 2, 1]);

  test('the predicted class is chosen per sample from the returned scores, and maxBatch bounds every call', async () => {
    const calls: number[] = [];
    const result = await withoutLeaks(() => featureAblation(sumAndNegative(3, calls), batch, { perturbationsPerEval: 5 }));
    assert.deepEqual(result.meta.units, [0, 1]);
    assert.deepEqual(result.meta.scores, [10, 10]);
    assertClose(result.map.data, [1, 2, 3, 4, 1, 2, 3, 4]);
    assert.ok(calls.every((rows) => rows <= 3) && calls.reduce((a, b) => a + b, 0) === 2 + 8, `calls ${calls}`);
  });

  test('a class index for every sample', async () => {
    const result = await occlusion(sumAndNegative(), batch, { target: 1, window: 1, stride: 1 });
    assertClose(result.map.data, [-1, -2, -3, -4, 1, 2, 3, 4]);
    assert.equal(result.meta.target, 'class 1');
  });

  test("outputsProbabilities warns that the softmax cannot be removed, unless softmax is 'keep'", async () => {
    const wrapped = wrapModel(tinyCnn(), Infinity);
    const images = tinyImages(1);
    const removed = await rise(wrapped, images, { masks: 8, target: 1 });
    assert.match(removed.meta.warnings.join('\n'), /softmax cannot be removed/);
    const kept = await rise(wrapped, images, { masks: 8, target: 1, softmax: 'keep' });
    assert.equal(kept.meta.warnings.length, 0);
    images.dispose();
  });

  test('clear errors: a wrong answer length, a layer target, a class out of range, a gradient method', async () => {
    const wrong = functionModel({ inputShape: [3], outputSize: 2, predict: async (_, rows) => new Float32Array(rows) });
    const x = { data: Float32Array.from([1, 2, 3]), shape: [3] };
    await assert.rejects(occlusion(wrong, x, { target: 0 }), /predict returned 1 values for 1 rows; expected a Float32Array of 1 x 2/);
    await assert.rejects(occlusion(linearFunction([1, 1, 1]), x, { target: { ...(await import('../../../src/index.ts')).classTarget(0), layer: 'conv' } }), /target.layer: linear function is a function model, which has no layers/);
    await assert.rejects(occlusion(linearFunction([1, 1, 1]), x, { target: 3 }), /class 3 is out of range; valid classes are 0 to 0/);
    await assert.rejects(getMethod('saliency').run(linearFunction([1, 1, 1]), x), /saliency needs a TF\.js model/);
    await assert.rejects(occlusion(linearFunction([1, 1]), x, { target: 0 }), /expected shape \[any, 2\]/);
  });

  test('progress is reported per chunk and an aborted signal cancels between chunks', async () => {
    const seen: number[] = [];
    await kernelShap(linearFunction([1, 2, 3, 4]), { data: Float32Array.from([1, 1, 1, 1]), shape: [4] }, { samples: 20, perturbationsPerEval: 8, target: 0, onProgress: ({ done }) => void seen.push(done) });
    assert.deepEqual(seen, [8, 16, 20]);
    const controller = new AbortController();
    const slow = functionModel({ inputShape: [4], outputSize: 1, predict: async (_, rows) => (controller.abort(), new Float32Array(rows)) });
    await assert.rejects(kernelShap(slow, { data: Float32Array.from([1, 1, 1, 1]), shape: [4] }, { samples: 20, target: 0, signal: controller.signal }), /cancel|abort/i);
  });
});

describe('a two-input function model', () => {
  test('KernelSHAP and Shapley sampling credit every value of both inputs with w (x - b); one id across inputs is one feature', async () => {
    const model = functionModel({
      inputShapes: [[2], [3]],
      outputSize: 1,
      maxBatch: 2,
      predict: async ([a, b], rows) => {
        const at = (values: Float32Array | undefined, i: number): number => (values as Float32Array)[i] as number;
        return Float32Array.from({ length: rows }, (_, r) => 2 * at(a, r * 2) - at(a, r * 2 + 1) + 3 * at(b, r * 3) + at(b, r * 3 + 2));
      },
    });
    const inputs = [{ data: Float32Array.from([1, 2]), shape: [2] }, { data: Float32Array.from([3, 4, 5]), shape: [3] }];
    for (const method of [kernelShap, shapleySampling]) {
      const result = await method(model, inputs, { target: 0, baseline: 1, seed: 5 });
      assertClose(result.maps[0]?.data ?? [], [0, -1], { atol: 1e-5 });
      assertClose(result.maps[1]?.data ?? [], [6, 0, 4], { atol: 1e-5 });
      const shared = await method(model, inputs, { target: 0, baseline: 1, featureMask: [{ data: Float32Array.from([0, 1]), shape: [2] }, { data: Float32Array.from([1, 2, 2]), shape: [3] }] });
      assertClose([...(shared.maps[0]?.data ?? []), ...(shared.maps[1]?.data ?? [])], [0, 5, 5, 4, 4], { atol: 1e-5 });
    }
  });
});

describe('feature permutation', () => {
  test('on a linear model each feature gets w (x_n - x_perm(n)), and a batch of one is refused', async () => {
    const w = [1, -2, 0.5];
    const x = tf.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    const result = await withoutLeaks(() => featurePermutation(linearFunction(w), x, { target: 0, seed: 2 }));
    const data = Array.from(x.dataSync());
    const map = Array.from(result.map.data);
    for (let p = 0; p < 3; p++) {
      const drops = [0, 1, 2].map((n) => (map[n * 3 + p] as number) / (w[p] as number));
      const own = [0, 1, 2].map((n) => data[n * 3 + p] as number);
      const sources = own.map((v, n) => v - (drops[n] as number));
      assert.deepEqual([...sources].sort(), [...own].sort(), `feature ${p} takes its values from a permutation of the batch`);
      assert.ok(sources.some((v, n) => v !== own[n]), `feature ${p}: not the identity`);
    }
    await assert.rejects(featurePermutation(linearFunction(w), { data: Float32Array.from([1, 2, 3]), shape: [3] }, { target: 0 }), /at least 2 samples/);
    x.dispose();
  });
});
