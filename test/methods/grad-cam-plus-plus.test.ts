// Grad-CAM++ and LayerCAM against tf-keras-vis's formulas evaluated by hand on a linear head, where
// the activation is the input itself and the gradient is a column of the dense kernel.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { gradCamPlusPlus, layerCam } from '../../src/index.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';
import { withoutLeaks } from '../support/tensors.ts';
import { column, linearHeadModel, linearScores, seededImages, seededKernel } from './cam-models.ts';

before(useCpu);

const POSITIONS = 4;
const CHANNELS = 3;
const relu = (v: number): number => Math.max(v, 0);

/** tf-keras-vis GradcamPlusPlus for one sample, literally: exp(S) inside, +1 where second == 0, /1 where the alpha sum is 0. */
function gradCamPlusPlusByHand(a: ArrayLike<number>, g: readonly number[], score: number): number[] {
  const at = (values: ArrayLike<number>, p: number, k: number): number => values[p * CHANNELS + k] as number;
  const weights = Array.from({ length: CHANNELS }, (_, k) => {
    const globalSum = Array.from({ length: POSITIONS }, (_, p) => at(a, p, k)).reduce((s, v) => s + v, 0);
    const first = Array.from({ length: POSITIONS }, (_, p) => Math.exp(score) * at(g, p, k));
    const alphas = first.map((f, p) => {
      const second = f * at(g, p, k);
      const third = second * at(g, p, k);
      return second / (2 * second + third * globalSum + (second === 0 ? 1 : 0));
    });
    const total = alphas.reduce((s, v) => s + v, 0);
    return alphas.reduce((s, alpha, p) => s + relu(first[p] as number) * (alpha / (total === 0 ? 1 : total)), 0);
  });
  return Array.from({ length: POSITIONS }, (_, p) => relu(weights.reduce((s, w, k) => s + w * at(a, p, k), 0)));
}

function layerCamByHand(a: ArrayLike<number>, g: readonly number[]): number[] {
  return Array.from({ length: POSITIONS }, (_, p) =>
    relu(Array.from({ length: CHANNELS }, (_, k) => relu(g[p * CHANNELS + k] as number) * (a[p * CHANNELS + k] as number)).reduce((s, v) => s + v, 0)),
  );
}

describe('Grad-CAM++ and LayerCAM on a linear head', () => {
  const kernel = seededKernel(POSITIONS * CHANNELS, 2, 21, 0.8);
  kernel[1] = [0, 0];
  kernel[6] = [0, 0.3];
  const bias = [0.2, -0.1];
  const model = linearHeadModel(2, CHANNELS, 1, kernel, bias);
  const x = seededImages([2, 2, 2, CHANNELS], 13);
  const values = x.dataSync() as Float32Array;
  const sample = (n: number): Float32Array => values.slice(n * 12, (n + 1) * 12);

  for (const unit of [0, 1]) {
    test(`Grad-CAM++ for class ${unit}`, async () => {
      const result = await withoutLeaks(() => gradCamPlusPlus(model, x, { target: unit }));
      assert.deepEqual(result.map.shape, [2, 2, 2]);
      const expected = [0, 1].flatMap((n) => gradCamPlusPlusByHand(sample(n), column(kernel, unit), linearScores(sample(n), kernel, bias)[unit] as number));
      assertClose(result.map.data, expected, { atol: 1e-6, rtol: 1e-4 });
      assert.equal(result.meta.extra?.['layer'], 'features');
      assert.deepEqual(result.meta.warnings, []);
    });

    test(`LayerCAM for class ${unit}`, async () => {
      const result = await withoutLeaks(() => layerCam(model, x, { target: unit }));
      const expected = [0, 1].flatMap((n) => layerCamByHand(sample(n), column(kernel, unit)));
      assertClose(result.map.data, expected, { atol: 1e-6, rtol: 1e-4 });
    });
  }

  test('LayerCAM without the final ReLU keeps negative positions', async () => {
    const negative = linearHeadModel(2, 1, 1, [[1], [1], [1], [1]], [0]);
    const input = tf.tensor4d([1, -2, 3, -4], [1, 2, 2, 1]);
    const result = await layerCam(negative, input, { target: 0, relu: false });
    assertClose(result.map.data, [1, -2, 3, -4]);
    input.dispose();
  });

  test('Grad-CAM++ warns when exp(score) overflows float32', async () => {
    const large = linearHeadModel(2, CHANNELS, 1, kernel, [100, 0]);
    const result = await gradCamPlusPlus(large, x, { target: 0 });
    assert.match(result.meta.warnings.join(' '), /exp\(score\) overflows float32 for sample\(s\) 0, 1/);
  });
});
