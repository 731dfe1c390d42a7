// Regularisers, update rules, seeds and input modifiers of activation maximisation against the
// keras-vis fixtures (keras-vis-details.md Appendix A) and hand-computed values.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  createStepRule,
  deprocessInput,
  kerasVisLpNorm,
  kerasVisRmsprop,
  kerasVisTotalVariation,
  norm,
  totalVariation2D,
  type Regularizer,
} from '../../src/index.ts';
import { rollMap, rotateImages, scipyWrapShiftMap } from '../../src/keras-vis/activation/remap-axes.ts';
import { kerasVisSeed } from '../../src/keras-vis/activation/seed-input.ts';
import { seededRandom } from '../../src/core/random.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';

before(useCpu);

const fixture = [0, 1, 3, 2, 2, 0, 5, 1, 4];

function penaltyOf(regularizer: Regularizer, values: number[], shape: number[]): number[] {
  return tf.tidy(() => Array.from(regularizer.penalty(tf.tensor(values, shape)).dataSync()));
}

describe('regularisers', () => {
  test('keras-vis TotalVariation and LPNorm on the Appendix A fixture', () => {
    assertClose(penaltyOf(kerasVisTotalVariation(2), fixture, [1, 3, 3, 1]), [2.6666667]);
    assertClose(penaltyOf(kerasVisTotalVariation(1.5), fixture, [1, 3, 3, 1]), [1.6919175]);
    assertClose(penaltyOf(kerasVisLpNorm(6), fixture, [1, 3, 3, 1]), [0.5816545]);
    assertClose(penaltyOf(kerasVisLpNorm(Infinity), fixture, [1, 3, 3, 1]), [0.5555556]);
    assert.equal(kerasVisTotalVariation(2).name, 'TV(2.0) Loss');
    assert.equal(kerasVisLpNorm(6).name, 'L-6.0 Norm Loss');
  });

  test('keras-vis TotalVariation on one spatial axis and per sample, with its weight', () => {
    // [1, 3, 6]: squared neighbour differences 4 and 9 over 3 values; the second sample is doubled.
    assertClose(penaltyOf(kerasVisTotalVariation(2, 10), [1, 3, 6, 2, 6, 12], [2, 3, 1]), [130 / 3, 520 / 3], { rtol: 1e-6 });
  });

  test('tf-keras-vis TotalVariation2D and Norm', () => {
    // |vertical| differences 6 + 8, |horizontal| 3 + 2 + 7; sum |x| = 18; sum x^2 = 60.
    assertClose(penaltyOf(totalVariation2D(1), fixture, [1, 3, 3, 1]), [26 / 9]);
    assertClose(penaltyOf(totalVariation2D(10), [...fixture, ...fixture.map((v) => 2 * v)], [2, 3, 3, 1]), [260 / 9, 520 / 9], { rtol: 1e-6 });
    assertClose(penaltyOf(norm(1, 1), fixture, [1, 3, 3, 1]), [2]);
    assertClose(penaltyOf(norm(0.3, 1), fixture, [1, 9]), [0.6]);
    assertClose(penaltyOf(norm(10, 2), fixture, [1, 3, 3, 1]), [(10 * Math.sqrt(60)) / 3], { rtol: 1e-6 });
  });

  test('|x| has gradient 0 at 0 (TensorFlow), so a zero value feels no L1 pull', () => {
    const gradient = tf.tidy(() => Array.from(tf.grad((x: tf.Tensor) => tf.sum(norm(1, 1).penalty(x)))(tf.tensor2d([[0, 2, -3, 0]])).dataSync()));
    assert.deepEqual(gradient, [0, 0.25, -0.25, 0]);
  });

  test('shape rules: 2-D total variation needs images, the norms any batch', () => {
    assert.equal(totalVariation2D().appliesTo([1, 4, 4, 3]), true);
    assert.equal(totalVariation2D().appliesTo([1, 4, 3]), false);
    assert.equal(kerasVisTotalVariation().appliesTo([1, 8, 2]), true);
    assert.equal(kerasVisTotalVariation().appliesTo([1, 8]), false);
    assert.equal(norm().appliesTo([1, 8]), true);
    assert.throws(() => kerasVisLpNorm(0.5), /p: got 0.5; keras-vis needs p >= 1/);
  });
});

describe('update rules', () => {
  test("keras-vis's RMSProp steps on the Appendix A fixture", () => {
    const g = Float32Array.from([1, -2, 0, 1e-3]);
    const rule = kerasVisRmsprop(4);
    const values = new Float32Array(4);
    const expected = [
      [-4.472131, 4.472135, 0, -2.581989],
      [-3.202561, 3.202563, 0, -2.250176],
      [-2.647903, 2.647903, 0, -2.030169],
    ];
    for (const step of expected) {
      const before = Float32Array.from(values);
      rule.step(values, g);
      assertClose(values.map((v, i) => v - (before[i] as number)), step, { atol: 3e-6 });
    }
  });

  test('Keras RMSprop and Adam first steps', () => {
    const values = Float32Array.from([1, 1]);
    createStepRule({ type: 'rmsprop', learningRate: 0.1, rho: 0.9 }, 2).step(values, Float32Array.from([2, -0.5]));
    // ms = 0.1 g^2, so each step is lr * g / sqrt(0.1 g^2) = lr * sign(g) / sqrt(0.1).
    assertClose(values, [1 - 0.1 / Math.sqrt(0.1), 1 + 0.1 / Math.sqrt(0.1)], { rtol: 1e-6 });
    const adam = Float32Array.from([0, 0]);
    createStepRule('adam', 2).step(adam, Float32Array.from([3, -0.02]));
    // m = 0.1 g and v = 0.001 g^2 with the bias corrections 1 / 0.1 and 1 / sqrt(0.001): about 1 * sign(g).
    const adamStep = (g: number): number => -(Math.sqrt(0.001) * g) / (Math.sqrt(0.001) * Math.abs(g) + 1e-7);
    assertClose(adam, [adamStep(3), adamStep(-0.02)], { rtol: 1e-6 });
    assert.throws(() => createStepRule({ type: 'rmsprop', rho: 2 }, 1), /optimizer.rho: got 2/);
  });
});

describe('seeds, deprocessing and input modifiers', () => {
  test('deprocess_input on the Appendix A fixture', () => {
    assertClose(deprocessInput([0, 10, 20, 30]), [93.288155, 116.096054, 138.90395, 161.71184], { rtol: 1e-6 });
  });

  test("keras-vis's seed has mean mid-range and std 5% of the range", () => {
    const seed = kerasVisSeed(10000, [0, 255], seededRandom(3));
    const mean = seed.reduce((s, v) => s + v, 0) / seed.length;
    const std = Math.sqrt(seed.reduce((s, v) => s + (v - mean) ** 2, 0) / seed.length);
    assertClose([mean, std], [127.5, 12.75], { rtol: 1e-5 });
  });

  test("SciPy's wrap shift repeats one value at the seam; a roll does not", () => {
    assert.deepEqual(Array.from(scipyWrapShiftMap(8, 1)), [6, 0, 1, 2, 3, 4, 5, 6]);
    assert.deepEqual(Array.from(scipyWrapShiftMap(8, -1)), [1, 2, 3, 4, 5, 6, 7, 1]);
    assert.deepEqual(Array.from(rollMap(8, 1)), [7, 0, 1, 2, 3, 4, 5, 6]);
  });

  test('a 90 degree rotation turns the image counter-clockwise (np.rot90); 0 degrees keeps it', () => {
    const image = Float32Array.from({ length: 9 }, (_, i) => i);
    assert.deepEqual(Array.from(rotateImages(image, [1, 3, 3, 1], 0)), Array.from(image));
    assertClose(rotateImages(image, [1, 3, 3, 1], 90), [2, 5, 8, 1, 4, 7, 0, 3, 6], { atol: 1e-5 });
  });
});
