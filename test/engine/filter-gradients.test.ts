import * as tf from '@tensorflow/tfjs';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setupBackend } from '../../src/engines/wasm/node/index.ts';
import { assertSameOnWasmAndCpu, relativeError, seededValues } from './compare.ts';

before(async () => {
  await setupBackend({ backend: 'wasm', threads: 1 });
});

const random = (shape: number[], seed: number) => tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), seed), shape);

interface Case { n: number; h: number; w: number; cin: number; k: number; stride: number; pad: 'same' | 'valid'; dilation?: number; }
const cases: Case[] = [];
for (const stride of [1, 2]) for (const pad of ['same', 'valid'] as const) for (const k of [1, 3]) {
  cases.push({ n: 2, h: 7, w: 8, cin: 3, k, stride, pad });
}
cases.push({ n: 1, h: 9, w: 9, cin: 2, k: 5, stride: 3, pad: 'same' });

test('Conv2DBackpropFilter on wasm matches cpu (strides 1/2/3, same/valid, batch 2)', async () => {
  for (const c of cases) {
    const cout = 4;
    const compute = () => {
      const x = random([c.n, c.h, c.w, c.cin], 1);
      const w = random([c.k, c.k, c.cin, cout], 2);
      const dy = random(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.stride, c.pad).shape, 3);
      return tf.grad((filter: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, c.stride, c.pad), dy)))(w);
    };
    await assertSameOnWasmAndCpu(`conv ${JSON.stringify(c)}`, compute);
  }
});

test('DepthwiseConv2dNativeBackpropFilter on wasm matches cpu (strides, dilation, multiplier 2)', async () => {
  const dwCases = [...cases.map((c) => ({ ...c, m: 1 })), { n: 2, h: 8, w: 7, cin: 3, k: 3, stride: 1, pad: 'same' as const, m: 2 }];
  for (const c of dwCases) {
    const compute = () => {
      const x = random([c.n, c.h, c.w, c.cin], 4) as tf.Tensor4D;
      const w = random([c.k, c.k, c.cin, c.m], 5) as tf.Tensor4D;
      const dy = random(tf.depthwiseConv2d(x, w, c.stride, c.pad).shape, 6);
      return tf.grad((filter: tf.Tensor) => tf.sum(tf.mul(tf.depthwiseConv2d(x, filter as tf.Tensor4D, c.stride, c.pad), dy)))(w);
    };
    await assertSameOnWasmAndCpu(`depthwise ${JSON.stringify(c)}`, compute);
  }
});

test('DepthwiseConv2dNativeBackpropFilter with dilation 2 = every 2nd tap of the zero-inserted 5x5 filter gradient', async () => {
  // The cpu kernel ignores dilation, so the reference is the undilated gradient of the equivalent
  // 5x5 filter (a dilated 3x3 filter is a 5x5 one with zeros between the taps).
  const x = random([2, 9, 10, 2], 10) as tf.Tensor4D;
  const dy = random([2, 5, 6, 4], 11) as tf.Tensor4D;
  const kernel = (size: number, dilations: number) => tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy },
    { strides: 1, pad: 'valid', dilations, filterShape: [size, size, 2, 2] }) as tf.Tensor;
  await tf.setBackend('cpu');
  const wide = kernel(5, 1);
  const expected = tf.stridedSlice(wide, [0, 0, 0, 0], [5, 5, 2, 2], [2, 2, 1, 1]);
  const expectedValues = await expected.data();
  await tf.setBackend('wasm');
  const actual = kernel(3, 2);
  assert.deepEqual(actual.shape, [3, 3, 2, 2]);
  const error = relativeError(new Float32Array(await actual.data()), new Float32Array(expectedValues));
  assert.ok(error < 1e-5, `relative error ${error}`);
  tf.dispose([x, dy, wide, expected, actual]);
});

test('the filter gradient of a tf.layers conv net trains on wasm', async () => {
  const before = tf.memory().numTensors;
  const compute = () => {
    const x = random([2, 6, 6, 2], 7);
    const w1 = random([3, 3, 2, 4], 8);
    const w2 = random([3, 3, 4, 1], 9);
    return tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(
      tf.depthwiseConv2d(tf.relu(tf.conv2d(x as tf.Tensor4D, a as tf.Tensor4D, 2, 'same')), b as tf.Tensor4D, 1, 'same'))))([w1, w2]);
  };
  await assertSameOnWasmAndCpu('conv + depthwise filter grads', compute);
  assert.equal(tf.memory().numTensors, before);
});
