// DeepLiftShap is the mean of DeepLIFT's maps over the baseline distribution, sums to
// f(x) - mean f(b) on a CNN with max pooling, and a batch equals its samples in any chunking.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { deepLift } from '../../../src/methods/relevance/deeplift.ts';
import { deepLiftShap } from '../../../src/methods/relevance/deeplift-shap.ts';
import { assertClose } from '../../support/assert-close.ts';
import { useCpu } from '../../support/backend.ts';
import { tinyCnn, tinyImages } from '../../support/models.ts';
import { withoutLeaks } from '../../support/tensors.ts';

before(useCpu);

describe('deepLiftShap', () => {
  const model = tinyCnn();

  test('equals the mean of DeepLIFT over each baseline, with summation-to-delta in expectation', async () => {
    const x = tinyImages(2, 3);
    const baselines = tinyImages(3, 17);
    const shap = await withoutLeaks(() => deepLiftShap(model, x, { target: 3, baselines, internalBatchSize: 8 }));
    const expected = new Float32Array(shap.map.data.length);
    const baseScores = [0, 0];
    for (let b = 0; b < 3; b++) {
      const baseline = tf.slice(baselines, b, 1);
      const single = await deepLift(model, x, { target: 3, baseline });
      single.map.data.forEach((v, i) => (expected[i] = (expected[i] as number) + v / 3));
      (single.meta.extra?.['baselineScores'] as number[]).forEach((s, i) => (baseScores[i] = (baseScores[i] as number) + s / 3));
      baseline.dispose();
    }
    assertClose(shap.map.data, expected, { atol: 1e-6 });
    assertClose(shap.meta.extra?.['baselineScores'] as number[], baseScores, { atol: 1e-5 });
    for (const d of shap.meta.extra?.['delta'] as number[]) assert.ok(Math.abs(d) < 1e-5, `delta ${d}`);
    assert.equal(shap.meta.extra?.['baselineCount'], 3);
    tf.dispose([x, baselines]);
  });

  test('with the default (one zero baseline) it is DeepLIFT with a zero baseline', async () => {
    const x = tinyImages(2, 8);
    const shap = await deepLiftShap(model, x, { target: 0 });
    const lifted = await deepLift(model, x, { target: 0 });
    assertClose(shap.map.data, lifted.map.data, { atol: 1e-7 });
    x.dispose();
  });

  test('reports progress per call and stops when cancelled, leaking nothing', async () => {
    const x = tinyImages(2, 8);
    const baselines = tinyImages(3, 17);
    const seen: number[] = [];
    const controller = new AbortController();
    const before = tf.memory().numTensors;
    const onProgress = ({ done }: { done: number }) => {
      seen.push(done);
      if (done >= 2) controller.abort();
    };
    await assert.rejects(deepLiftShap(model, x, { target: 0, baselines, internalBatchSize: 2, onProgress, signal: controller.signal }), /cancelled/);
    assert.deepEqual(seen, [1, 2]);
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([x, baselines]);
  });
});
