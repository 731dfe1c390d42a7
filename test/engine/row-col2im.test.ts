import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { setupBackend } from '../../src/engines/wasm/node/index.ts';
import { pathCounts, resetPathCounts } from '../../src/engines/wasm/path-counts.ts';
import { assertSameOnWasmAndCpu, relativeError, seededValues, valuesOn } from './compare.ts';

before(async () => {
  await setupBackend({ backend: 'wasm', threads: 1 });
});

const random = (shape: number[], seed: number) => tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), seed), shape);

/** Input gradient of sum(f(x) * dy) for a fixed random dy. */
function inputGradient(x: tf.Tensor, f: (x: tf.Tensor) => tf.Tensor): tf.Tensor {
  const dy = random(f(x).shape, 3);
  return tf.grad((input: tf.Tensor) => tf.sum(tf.mul(f(input), dy)))(x);
}

test('Conv2D input gradient with 1-3 input channels (col2im by filter rows) matches cpu: k 1-5, strides 1-3, same/valid, batch 2', async () => {
  const explicit: tf.backend_util.ExplicitPadding = [[0, 0], [2, 0], [1, 3], [0, 0]];
  for (const cin of [1, 2, 3]) for (const k of [1, 2, 3, 5]) for (const s of [1, 2, 3]) for (const pad of ['same', 'valid', explicit] as const) {
    const w = random([k, k, cin, 5], 2);
    resetPathCounts();
    await assertSameOnWasmAndCpu(`cin${cin} k${k} s${s} ${String(pad)}`,
      () => inputGradient(random([2, 9, 8, cin], 1), (x) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, pad)));
    assert.equal(pathCounts()['row-col2im:Conv2D'], 1, `cin${cin} k${k} s${s} ${String(pad)}: ${JSON.stringify(pathCounts())}`);
  }
});

test('Conv2D input gradient with few input channels: rectangular filters and strides, dilated rows, a first layer at 224x224', async () => {
  const w = random([2, 3, 3, 4], 2);
  await assertSameOnWasmAndCpu('filter 2x3 strides [2, 1]',
    () => inputGradient(random([1, 7, 9, 3], 1), (x) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, [2, 1], 'same')));
  // Dilated gradients exist only on the engine: on wasm the dilated filter, on cpu the same filter with zero rows between its taps.
  const tall = seededValues(3 * 6, 4);
  const spread = new Float32Array(5 * 6);
  for (let t = 0; t < 3; t++) spread.set(tall.subarray(6 * t, 6 * t + 6), 12 * t);
  const dilatedGradient = (dilated: boolean) => () => inputGradient(random([2, 9, 6, 1], 1), (x) => dilated
    ? tf.conv2d(x as tf.Tensor4D, tf.tensor4d(tall, [3, 1, 1, 6]), 1, 'same', 'NHWC', [2, 1])
    : tf.conv2d(x as tf.Tensor4D, tf.tensor4d(spread, [5, 1, 1, 6]), 1, 'same'));
  const [expected] = await valuesOn('cpu', dilatedGradient(false));
  const [actual] = await valuesOn('wasm', dilatedGradient(true));
  assert.ok(relativeError(actual as Float32Array, expected as Float32Array) < 1e-4, 'dilation [2, 1]');
  const first = random([3, 3, 3, 32], 5);
  await assertSameOnWasmAndCpu('224x224x3 -> 32',
    () => inputGradient(random([1, 224, 224, 3], 1), (x) => tf.relu(tf.conv2d(x as tf.Tensor4D, first as tf.Tensor4D, 1, 'same'))));
});

test('Conv2D input gradient with few input channels leaves the tensor count unchanged', () => {
  const x = random([2, 10, 10, 3], 1);
  const w = random([3, 3, 3, 8], 2);
  const dy = random([2, 10, 10, 8], 3);
  const before = tf.memory().numTensors;
  const dx = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter: w }, { inputShape: x.shape, strides: 1, pad: 'same', dataFormat: 'NHWC' } as unknown as tf.NamedAttrMap) as tf.Tensor;
  dx.dispose();
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([x, w, dy]);
});
