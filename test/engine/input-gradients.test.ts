import * as tf from '@tensorflow/tfjs';
import { before, test } from 'node:test';
import { setupBackend } from '../../src/engines/wasm/node/index.ts';
import assert from 'node:assert/strict';
import { conv2dBlockPlan } from '../../src/engines/wasm/conv/polyphase-blocks.ts';
import { assertSameOnWasmAndCpu, relativeError, seededValues, valuesOn, zeroInserted } from './compare.ts';

before(async () => {
  await setupBackend({ backend: 'wasm', threads: 1 });
});

const random = (shape: number[], seed: number, scale = 1) =>
  tf.mul(tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), seed), shape), scale);

/** Input gradient of sum(f(x) * dy) for a fixed random dy: the backward pass of f alone. */
function inputGradient(x: tf.Tensor, f: (x: tf.Tensor) => tf.Tensor, seed = 3): tf.Tensor {
  const dy = random(f(x).shape, seed);
  return tf.grad((input: tf.Tensor) => tf.sum(tf.mul(f(input), dy)))(x);
}

const paddings = ['same', 'valid'] as const;

test('Conv2D input gradient (polyphase forward conv) matches cpu: k 1-5, strides 1-3, same/valid, batch 2', async () => {
  for (const h of [7, 8]) for (const k of [1, 2, 3, 5]) for (const s of [1, 2, 3]) for (const pad of paddings) {
    const w = random([k, k, 3, 4], 2);
    await assertSameOnWasmAndCpu(`conv h${h} k${k} s${s} ${pad}`,
      () => inputGradient(random([2, h, h + 1, 3], 1), (x) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, pad)));
  }
});

test('Conv2D input gradient with explicit padding and rectangular strides matches cpu', async () => {
  const w = random([3, 2, 2, 3], 2);
  const explicit: tf.backend_util.ExplicitPadding = [[0, 0], [2, 1], [0, 1], [0, 0]];
  await assertSameOnWasmAndCpu('conv explicit padding',
    () => inputGradient(random([2, 6, 7, 2], 1), (x) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, explicit)));
  await assertSameOnWasmAndCpu('conv strides [1, 2]',
    () => inputGradient(random([1, 6, 7, 2], 1), (x) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, [1, 2], 'same')));
});

test('conv2dTranspose (Conv2DBackpropInput forward) matches cpu', async () => {
  for (const s of [1, 2]) for (const pad of paddings) {
    const w = random([3, 3, 2, 4], 2);
    const outH = pad === 'same' ? 5 * s : 4 * s + 3;
    await assertSameOnWasmAndCpu(`conv2dTranspose s${s} ${pad}`,
      () => tf.conv2dTranspose(random([2, 5, 5, 4], 1) as tf.Tensor4D, w as tf.Tensor4D, [2, outH, outH, 2], s, pad));
  }
});

test('DepthwiseConv2dNative input gradient matches cpu: strides 1-3, multiplier 1/2, same/valid', async () => {
  for (const k of [1, 3, 5]) for (const s of [1, 2, 3]) for (const m of [1, 2]) for (const pad of paddings) {
    const w = random([k, k, 3, m], 2);
    await assertSameOnWasmAndCpu(`depthwise k${k} s${s} m${m} ${pad}`,
      () => inputGradient(random([2, 8, 9, 3], 1), (x) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, pad)));
  }
});

test('separableConv2d input gradient matches cpu', async () => {
  const dw = random([3, 3, 3, 2], 2);
  const pw = random([1, 1, 6, 4], 4);
  for (const s of [1, 2]) {
    await assertSameOnWasmAndCpu(`separable s${s}`,
      () => inputGradient(random([2, 8, 8, 3], 1), (x) => tf.separableConv2d(x as tf.Tensor4D, dw as tf.Tensor4D, pw as tf.Tensor4D, s, 'same')));
  }
});

test('MaxPool input gradient matches cpu, also for windows whose values are all <= 0 and overlapping windows', async () => {
  const shifted = (x: tf.Tensor) => tf.sub(x, 0.8);
  for (const [k, s] of [[2, 2], [3, 2], [3, 1], [2, 1]] as const) for (const pad of paddings) {
    await assertSameOnWasmAndCpu(`maxPool k${k} s${s} ${pad}`,
      () => inputGradient(random([2, 7, 8, 3], 1), (x) => tf.maxPool(shifted(x) as tf.Tensor4D, k, s, pad)));
  }
});

test('AvgPool, relu6, clipByValue, batchNorm, leakyRelu, elu, sigmoid, softmax input gradients match cpu', async () => {
  const mean = random([3], 5, 0.1);
  const variance = tf.add(random([3], 6, 0.4), 0.6);
  const offset = random([3], 7);
  const scale = tf.add(random([3], 8, 0.4), 1);
  const ops: Record<string, (x: tf.Tensor) => tf.Tensor> = {
    avgPool: (x) => tf.avgPool(x as tf.Tensor4D, 3, 2, 'same'),
    relu6: (x) => tf.relu6(tf.mul(x, 8)),
    clip: (x) => tf.clipByValue(tf.mul(x, 8), -2, 3),
    batchNorm: (x) => tf.batchNorm(x, mean, variance, offset, scale, 1e-3),
    leakyRelu: (x) => tf.leakyRelu(x, 0.2),
    elu: (x) => tf.elu(x),
    sigmoid: (x) => tf.sigmoid(x),
    softmax: (x) => tf.softmax(tf.reshape(x, [2, -1])),
  };
  for (const [name, f] of Object.entries(ops)) {
    await assertSameOnWasmAndCpu(name, () => inputGradient(random([2, 6, 6, 3], 1), f));
  }
  tf.dispose([mean, variance, offset, scale]);
});

test('dense (matMul) input and weight gradients match cpu, with a cached W^T reused across calls', async () => {
  const w = random([12, 5], 2);
  for (let repeat = 0; repeat < 2; repeat++) {
    await assertSameOnWasmAndCpu(`matMul input gradient, call ${repeat}`, () => inputGradient(random([3, 12], 1), (x) => tf.matMul(x, w)));
  }
  await assertSameOnWasmAndCpu('matMul weight gradient', () => {
    const x = random([3, 12], 1);
    return inputGradient(w, (weights) => tf.matMul(x, weights));
  });
  await assertSameOnWasmAndCpu('batched matMul with transposeB', () => {
    const b = random([2, 5, 12], 4);
    return inputGradient(random([2, 3, 12], 1), (x) => tf.matMul(x, b, false, true));
  });
});


test('dilated conv2d / depthwise / conv1d gradients on wasm equal the undilated gradients of the zero-inserted filter (cpu)', async () => {
  // Stock TF.js has no gradient for dilation > 1 on any backend; the engine has one on wasm.
  for (const dilations of [[2, 2], [1, 3], [2, 1]] as [number, number][]) for (const pad of paddings) {
    const x = random([2, 9, 10, 2], 1) as tf.Tensor4D;
    const w = random([3, 2, 2, 3], 2) as tf.Tensor4D;
    const wd = random([3, 3, 2, 2], 3) as tf.Tensor4D;
    const expected = await valuesOn('cpu', () => [
      inputGradient(x, (t) => tf.conv2d(t as tf.Tensor4D, zeroInserted(w, dilations), 1, pad)),
      inputGradient(x, (t) => tf.depthwiseConv2d(t as tf.Tensor4D, zeroInserted(wd, dilations), 1, pad)),
    ]);
    const actual = await valuesOn('wasm', () => [
      inputGradient(x, (t) => tf.conv2d(t as tf.Tensor4D, w, 1, pad, 'NHWC', dilations)),
      inputGradient(x, (t) => tf.depthwiseConv2d(t as tf.Tensor4D, wd, 1, pad, 'NHWC', dilations)),
    ]);
    actual.forEach((values, i) => {
      const error = relativeError(values, expected[i] as Float32Array);
      assert.ok(error < 1e-4, `${i === 0 ? 'conv2d' : 'depthwise'} dilations ${dilations} ${pad}: relative error ${error}`);
    });
    tf.dispose([x, w, wd]);
  }
});

test('dilated conv2d filter gradient on wasm equals every d-th tap of the zero-inserted filter gradient (cpu)', async () => {
  const x = random([2, 9, 9, 2], 1) as tf.Tensor4D;
  const w = random([3, 3, 2, 3], 2) as tf.Tensor4D;
  const dy = random([2, 5, 5, 3], 3);
  const [wide] = await valuesOn('cpu', () =>
    tf.stridedSlice(tf.grad((f: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, f as tf.Tensor4D, 1, 'valid'), dy)))(zeroInserted(w, [2, 2])), [0, 0, 0, 0], [5, 5, 2, 3], [2, 2, 1, 1]));
  const [dilated] = await valuesOn('wasm', () =>
    tf.grad((f: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, f as tf.Tensor4D, 1, 'valid', 'NHWC', 2), dy)))(w));
  const error = relativeError(dilated as Float32Array, wide as Float32Array);
  assert.ok(error < 1e-4, `relative error ${error}`);
  tf.dispose([x, w, dy]);
});

test('Conv2D input gradient with 1 and 3 input channels (blocked polyphase filters) matches cpu: strides 1/2, same/valid/explicit, batch 2', async () => {
  const explicit: tf.backend_util.ExplicitPadding = [[0, 0], [3, 1], [0, 4], [0, 0]];
  for (const cin of [1, 3]) for (const [h, w] of [[28, 28], [17, 22]]) for (const s of [1, 2]) for (const pad of [...paddings, explicit]) {
    const k = pad === explicit ? 2 : 3;
    const info = tf.backend_util.computeConv2DInfo([2, h as number, w as number, cin], [k, k, cin, 16], s, 1, pad, undefined, false, 'channelsLast');
    const plan = conv2dBlockPlan(info);
    const label = `conv cin${cin} ${h}x${w} s${s} ${typeof pad === 'string' ? pad : 'explicit'} blocks ${plan?.rows.block}x${plan?.cols.block}`;
    const filter = random([k, k, cin, 16], 2);
    await assertSameOnWasmAndCpu(label, () => inputGradient(random([2, h as number, w as number, cin], 1), (x) => tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, s, pad)));
    filter.dispose();
  }
  const first = conv2dBlockPlan(tf.backend_util.computeConv2DInfo([2, 28, 28, 1], [3, 3, 1, 16], 1, 1, 'valid', undefined, false, 'channelsLast'));
  assert.ok(first != null && first.cols.block > 1, 'the 1-channel cases take blocked filters');
});

test('DepthwiseConv2dNative input gradient per phase matches cpu: odd sizes, explicit padding, multiplier 3, repeated calls (cached filters)', async () => {
  const explicit: tf.backend_util.ExplicitPadding = [[0, 0], [2, 0], [1, 2], [0, 0]];
  for (const s of [1, 2]) for (const pad of [...paddings, explicit]) for (const m of [1, 3]) {
    const w = random([3, 3, 4, m], 2);
    for (let repeat = 0; repeat < 2; repeat++) {
      await assertSameOnWasmAndCpu(`depthwise 11x13 s${s} m${m} ${typeof pad === 'string' ? pad : 'explicit'} call ${repeat}`,
        () => inputGradient(random([2, 11, 13, 4], 1), (x) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, pad)));
    }
    w.dispose();
  }
});

test('dilated conv2d input gradient with 1 input channel (col2im) equals the zero-inserted filter gradient on cpu', async () => {
  for (const pad of paddings) {
    const x = random([2, 11, 12, 1], 1) as tf.Tensor4D;
    const w = random([3, 2, 1, 5], 2) as tf.Tensor4D;
    const [expected] = await valuesOn('cpu', () => inputGradient(x, (t) => tf.conv2d(t as tf.Tensor4D, zeroInserted(w, [2, 3]), 1, pad)));
    const [actual] = await valuesOn('wasm', () => inputGradient(x, (t) => tf.conv2d(t as tf.Tensor4D, w, 1, pad, 'NHWC', [2, 3])));
    const error = relativeError(actual as Float32Array, expected as Float32Array);
    assert.ok(error < 1e-4, `${pad}: relative error ${error}`);
    tf.dispose([x, w]);
  }
});
