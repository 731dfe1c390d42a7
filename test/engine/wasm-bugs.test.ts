import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { setupBackend } from '../../src/engines/wasm/node/index.ts';
import { assertSameOnWasmAndCpu, seededValues } from './compare.ts';

before(async () => {
  await setupBackend({ backend: 'wasm', threads: 1 });
});

const random = (shape: number[], seed: number, offset = 0) =>
  tf.add(tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), seed), shape), offset);

test('MaxPoolGrad: windows whose values are all negative send dy to their maximum (stock wasm picks element 0)', async () => {
  await tf.setBackend('wasm');
  // One 2x2 window per quadrant of a 4x4 image, every value negative; the maxima are -1, -2, -3, -4
  // at the window positions (1,1), (0,1), (1,0) and (0,0).
  const x = tf.tensor4d([
    -9, -8, -7, -2,
    -6, -1, -5, -6,
    -5, -6, -4, -8,
    -3, -7, -9, -9,
  ], [1, 4, 4, 1]);
  const dy = tf.tensor4d([10, 20, 30, 40], [1, 2, 2, 1]);
  const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid'), dy)))(x);
  assert.deepEqual(Array.from(await dx.data()), [
    0, 0, 0, 20,
    0, 10, 0, 0,
    0, 0, 40, 0,
    30, 0, 0, 0,
  ]);
  tf.dispose([x, dy, dx]);
});

test('MaxPoolGrad: a tied maximum sends dy to the first tied element, as cpu and TensorFlow do', async () => {
  await tf.setBackend('wasm');
  const x = tf.tensor4d([0, 0, 5, 5, 0, 0, 1, 5], [1, 2, 4, 1]);
  const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid')))(x);
  assert.deepEqual(Array.from(await dx.data()), [1, 0, 1, 0, 0, 0, 0, 0]);
  tf.dispose([x, dx]);
});

test('MaxPoolGrad, MaxPool3DGrad and MaxPoolWithArgmax on negative inputs match cpu (all wrong on stock wasm)', async () => {
  for (const [k, s, pad] of [[2, 2, 'valid'], [3, 2, 'same'], [3, 1, 'valid']] as const) {
    await assertSameOnWasmAndCpu(`maxPool k${k} s${s} ${pad}`, () =>
      tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(x as tf.Tensor4D, k, s, pad), 2)))(random([2, 7, 7, 3], 1, -1.5)));
  }
  await assertSameOnWasmAndCpu('maxPool3d', () =>
    tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.maxPool3d(x as tf.Tensor5D, 2, 2, 'valid'), random([2, 2, 2, 2, 3], 5))))(random([2, 4, 4, 4, 3], 1, -1.5)));
  await assertSameOnWasmAndCpu('maxPoolWithArgmax', () => {
    const { result, indexes } = tf.maxPoolWithArgmax(random([2, 4, 4, 3], 1, -1.5) as tf.Tensor4D, 2, 2, 'valid', true);
    return [result, tf.cast(indexes, 'float32')];
  });
});

test('Conv3DBackpropInputV2 matches cpu (stock wasm is wrong in most configurations)', async () => {
  for (const [stride, pad] of [[1, 'same'], [1, 'valid'], [2, 'same']] as const) {
    await assertSameOnWasmAndCpu(`conv3d input gradient s${stride} ${pad}`, () => {
      const w = random([2, 2, 2, 3, 2], 2) as tf.Tensor5D;
      const x = random([2, 4, 5, 4, 3], 1);
      const dy = random(tf.conv3d(x as tf.Tensor5D, w, stride, pad).shape, 5);
      return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.conv3d(t as tf.Tensor5D, w, stride, pad), dy)))(x);
    });
  }
});
