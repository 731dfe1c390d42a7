import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { setupBackend } from '../../src/engines/wasm/node/index.ts';
import { seededValues, valuesOn } from './compare.ts';

before(async () => {
  await setupBackend({ backend: 'wasm', threads: 1 });
});

/** Values in [-2, 2] on a grid of 0.5, so most windows have ties; with NaN and -Infinity sprinkled in when asked. */
function tiedValues(size: number, seed: number, special: boolean): Float32Array {
  const values = seededValues(size, seed).map((v) => Math.round(v * 4) / 2);
  if (special) {
    for (let i = 0; i < size; i += 7) values[i] = Number.NaN;
    for (let i = 3; i < size; i += 11) values[i] = -Infinity;
  }
  return values;
}

/** MaxPoolGrad run directly, as the gradient of tf.maxPool runs it (dy, input and the pool's output). */
function maxPoolGrad(shape: [number, number, number, number], filter: [number, number], strides: [number, number], pad: 'valid' | 'same', special: boolean) {
  return () => {
    const size = shape.reduce((a, b) => a * b, 1);
    const x = tf.tensor4d(tiedValues(size, 3, special), shape);
    const y = tf.maxPool(x, filter, strides, pad);
    const dy = tf.tensor(seededValues(y.size, 4), y.shape);
    return tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output: y }, { filterSize: filter, strides, pad }) as tf.Tensor;
  };
}

const CASES: [string, [number, number, number, number], [number, number], [number, number], 'valid' | 'same'][] = [
  ['2x2/2 tiles', [2, 6, 8, 8], [2, 2], [2, 2], 'valid'],
  ['2x2/2, odd size: last row and column left out', [2, 7, 9, 4], [2, 2], [2, 2], 'valid'],
  ['2x2/2 same, odd size: clipped windows', [1, 7, 5, 4], [2, 2], [2, 2], 'same'],
  ['3x3/2 same: overlapping, padded windows', [2, 9, 8, 12], [3, 3], [2, 2], 'same'],
  ['3x3/1 valid: overlapping windows', [1, 6, 7, 4], [3, 3], [1, 1], 'valid'],
  ['2x3 windows, strides 1 and 3', [2, 5, 10, 8], [2, 3], [1, 3], 'valid'],
  ['3x3/3 tiles, 1x1 leftover', [1, 10, 10, 4], [3, 3], [3, 3], 'valid'],
  ['1x1/1', [1, 3, 3, 4], [1, 1], [1, 1], 'valid'],
  ['3 channels (plain JS path)', [2, 7, 7, 3], [3, 3], [2, 2], 'same'],
  ['6 channels (plain JS path), tiles', [1, 4, 4, 6], [2, 2], [2, 2], 'valid'],
];

test('MaxPoolGrad on wasm gives the cpu backend\'s values (bit for bit without overlap): ties, negatives, NaN, -Infinity, padding, overlap, batch', async () => {
  for (const [label, shape, filter, strides, pad] of CASES) {
    for (const special of [false, true]) {
      const compute = maxPoolGrad(shape, filter, strides, pad, special);
      const [expected] = (await valuesOn('cpu', compute)) as [Float32Array];
      const [actual] = (await valuesOn('wasm', compute)) as [Float32Array];
      // Overlapping windows sum in float32 here and in float64 on cpu: the last bit may differ.
      const overlap = filter[0] > strides[0] || filter[1] > strides[1];
      const scale = expected.reduce((m, e) => (Number.isFinite(e) ? Math.max(m, Math.abs(e)) : m), 0);
      const same = (e: number, a: number) => Object.is(e, a) || (overlap && Math.abs(a - e) <= 1e-6 * scale);
      const differ = expected.findIndex((e, i) => !same(e, actual[i] as number));
      assert.equal(differ, -1, `${label}${special ? ' (NaN, -Infinity)' : ''}: element ${differ} is ${actual[differ]}, cpu has ${expected[differ]}`);
    }
  }
});

test('MaxPoolGrad: a window of only NaN and -Infinity passes no gradient; -0 from dy arrives as +0, as on cpu', async () => {
  // Channel 0's window is NaN, -Infinity, -Infinity, NaN; channel 1's maximum is its last element.
  const compute = () => {
    const x = tf.tensor4d([Number.NaN, 1, -Infinity, 2, -Infinity, 3, Number.NaN, 4], [1, 2, 2, 2]);
    const dy = tf.tensor4d([5, -0], [1, 1, 1, 2]);
    return tf.engine().runKernel('MaxPoolGrad', { dy, input: x, output: tf.maxPool(x, 2, 2, 'valid') },
      { filterSize: 2, strides: 2, pad: 'valid' }) as tf.Tensor;
  };
  for (const backend of ['cpu', 'wasm']) {
    const [values] = (await valuesOn(backend, compute)) as [Float32Array];
    assert.ok(values.every((v) => Object.is(v, 0)), `${backend}: [${Array.from(values).map((v) => Object.is(v, -0) ? '-0' : v)}]`);
  }
});

test('MaxPoolGrad leaves no tensors behind', async () => {
  await tf.setBackend('wasm');
  const compute = maxPoolGrad([1, 6, 6, 8], [3, 3], [2, 2], 'same', false);
  const before = tf.memory().numTensors;
  tf.tidy(compute).dispose();
  assert.equal(tf.memory().numTensors, before);
});
