// keras-vis visualize_cam, number for number: the Grad-CAM post-processing fixture and the scipy
// zoom examples of reference/keras-vis-details.md, Appendix A.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { gradCam, sampleOf, splineZoom, visualizeCam } from '../../src/index.ts';
import { channelWeights, kerasVisCamSteps } from '../../src/keras-vis/cam-steps.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';
import { withoutLeaks } from '../support/tensors.ts';
import { linearHeadModel } from '../methods/cam-models.ts';

before(useCpu);

// Appendix A: A and G of shape (1, 2, 2, 3), the model input 4x4.
const A = [1, 0, 2, 0, 1, 0, 3, 1, 0, 0, 0, 1];
const G = [0.5, -1, 0.2, 0.1, 0.3, -0.2, 0.4, 0, 0.1, -0.3, 0.2, 0.6];
const WEIGHTS = [0.291667, -0.208333, 0.291667];
const ZOOMED = [0.875, 0.648148, 0.226852, -0, 0.820988, 0.627743, 0.268861, 0.075617, 0.720679, 0.589849, 0.346879, 0.216049, 0.666667, 0.569444, 0.388889, 0.291667];
const FINAL = [1, 0.740741, 0.259259, 0, 0.938271, 0.717421, 0.30727, 0.08642, 0.823633, 0.674113, 0.396433, 0.246914, 0.761905, 0.650793, 0.444444, 0.333333];

describe('scipy.ndimage.zoom (order 3) as keras-vis used it', () => {
  test('1-D, 3 -> 7', () => {
    assertClose(splineZoom([0, 1, 0], [3], [7]), [0, 0.25926, 0.74074, 1, 0.74074, 0.25926, 0], { atol: 1e-5 });
  });

  test('a 7x7 one-hot zoomed x32 rings below zero', () => {
    const oneHot = new Float64Array(49);
    oneHot[24] = 1;
    const zoomed = splineZoom(oneHot, [7, 7], [224, 224]);
    assertClose([Math.min(...zoomed), Math.max(...zoomed)], [-0.13466, 0.99921], { atol: 1e-5 });
  });

  test('the Grad-CAM fixture: ReLU map 2x2 -> 4x4', () => {
    assertClose(splineZoom([0.875, 0, 0.666667, 0.291667], [2, 2], [4, 4]), ZOOMED, { atol: 2e-6 });
  });

  test('a single sample stays constant; sizes are checked', () => {
    assertClose(splineZoom([2.5], [1], [4]), [2.5, 2.5, 2.5, 2.5]);
    assert.throws(() => splineZoom([1, 2], [3], [4]), /2 values do not fit shape \[3\]/);
  });
});

describe('keras-vis Grad-CAM post-processing', () => {
  test('weights after the division by max(grads)', () => {
    assertClose(channelWeights(Float32Array.from(G), 3), WEIGHTS, { atol: 1e-6 });
  });

  test('A and G of Appendix A give its final map', () => {
    const map = kerasVisCamSteps({ data: Float32Array.from(A), shape: [1, 2, 2, 3] }, { data: Float32Array.from(G), shape: [1, 2, 2, 3] }, [4, 4]);
    assert.deepEqual(map.shape, [1, 4, 4]);
    assertClose(map.data, FINAL, { atol: 2e-6 });
  });
});

describe('visualizeCam on a model whose layer activation and gradient are the fixture', () => {
  // 'features' = 2x2 average pooling of a 4x4 input made of constant 2x2 blocks equal to A; the
  // dense unit's kernel is G, so the gradient at 'features' is G.
  const seedOf = (a: readonly number[]): tf.Tensor3D =>
    tf.tensor3d(Array.from({ length: 48 }, (_, i) => a[((Math.floor(i / 24) * 2 + Math.floor((i % 12) / 6)) * 3 + (i % 3))] as number), [4, 4, 3]);
  const model = linearHeadModel(4, 3, 2, G.map((g) => [g]), [0]);

  test('one seed without a batch axis gives the fixture map [4, 4]', async () => {
    const seed = seedOf(A);
    const map = await withoutLeaks(() => visualizeCam(model, 'logits', 0, seed));
    assert.deepEqual(map.shape, [4, 4]);
    assertClose(map.data, FINAL, { atol: 2e-6 });
    seed.dispose();
  });

  test('a batch gives one map per sample, each as keras-vis gives it alone', async () => {
    const seeds = tf.stack([seedOf(A), seedOf(A.map((v) => 3 - v))]);
    const maps = await visualizeCam(model, -2, 0, seeds, 'features');
    assert.deepEqual(maps.shape, [2, 4, 4]);
    assertClose(sampleOf(maps, 0).data, FINAL, { atol: 2e-6 });
    const second = tf.slice(seeds, [1], [1]);
    assertClose(sampleOf(maps, 1).data, (await visualizeCam(model, -2, 0, second)).data, { atol: 1e-7 });
    tf.dispose([seeds, second]);
  });

  test('all-negative gradients flip the weights (keras-vis), where gradCam gives zero', async () => {
    const negative = linearHeadModel(4, 3, 2, G.map((g) => [-Math.abs(g) - 0.1]), [0]);
    const seed = seedOf(A);
    const kerasVis = await visualizeCam(negative, 'logits', 0, seed);
    const plain = await gradCam(negative, seed, { target: 0 });
    assert.ok(plain.map.data.every((v) => v === 0), 'negative weights on a non-negative A: Grad-CAM is zero');
    assert.ok(Math.max(...kerasVis.data) > 0.99, 'keras-vis divided by the negative max and shows the opposite');
    seed.dispose();
  });

  test("gradModifier 'negate' applies before the division", async () => {
    const seed = seedOf(A);
    const negated = await visualizeCam(model, 'logits', 0, seed, undefined, { gradModifier: 'negate' });
    const expected = kerasVisCamSteps({ data: Float32Array.from(A), shape: [1, 2, 2, 3] }, { data: Float32Array.from(G, (g) => -g), shape: [1, 2, 2, 3] }, [4, 4]);
    assertClose(negated.data, expected.data, { atol: 2e-6 });
    seed.dispose();
  });
});
