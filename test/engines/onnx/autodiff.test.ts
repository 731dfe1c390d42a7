// The autodiff on hand-built ONNX graphs against closed forms and TF.js: max-pool ties go to the
// first maximum as in TF.js, 'same' average pools get the exact gradient (TF.js's AvgPoolGrad
// divides border windows by the full window size), nearest upsampling's gradient for batch 2, and
// strided convolutions (ConvTranspose with exact output padding) for odd sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { onnxGradient, relativeError, seededInput } from './support.ts';

const nchw = (t: tf.Tensor): tf.Tensor4D => tf.transpose(t, [0, 2, 3, 1]) as tf.Tensor4D;
const back = (t: tf.Tensor): tf.Tensor => tf.transpose(t, [0, 3, 1, 2]);

test('max pool: tied windows send the gradient to the first maximum, as TF.js', async (t) => {
  await tf.setBackend('cpu');
  const x = tf.tensor([1, 1, 2, 2, 2, 1, 1, 2, 2, 2, 3, 3, 0, 0, 0, 3, 3, 0, 0, 5], [1, 1, 4, 5]);
  const seed = tf.tensor([1, 2, 3, 4], [1, 1, 2, 2]);
  const got = await onnxGradient([1, 1, 4, 5], ['N', 1, 2, 2], (b, v) => b.op('MaxPool', [v], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 0, 0] }), x, seed);
  if (!got) return t.skip('onnxruntime-node is not available');
  const reference = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(back(tf.maxPool(tf.pad(nchw(v), [[0, 0], [1, 0], [1, 0], [0, 0]], -1e9) as tf.Tensor4D, 3, 2, 'valid')), seed)))(x);
  assert.deepEqual(Array.from(got), Array.from(reference.dataSync()));
  // closed form (windows 3x3 / 2 from (-1, -1)): (0,0) of four tied 1s, (0,2) first of the 2s,
  // (2,0) and (2,1) first of the 3s in their windows
  const expected = new Array(20).fill(0);
  [[0, 1], [2, 2], [10, 3], [11, 4]].forEach(([i, v]) => (expected[i as number] = v));
  assert.deepEqual(Array.from(got), expected);
});

test('relu -> max pool: the gate applied on the pooled side equals TF.js, ties and negative windows included', async (t) => {
  await tf.setBackend('cpu');
  // windows 3x3 / 2 overlap; zeros tie after the relu (an all-negative window), 2s tie at a positive value
  const x = tf.tensor([-1, -2, 2, 2, -3, -1, -4, 2, -1, 2, -2, -1, -1, 0.5, 0, -5, 2, 0.5, -1, 1], [1, 1, 4, 5]);
  const seed = tf.tensor([1, -2, 3, 4], [1, 1, 2, 2]);
  let greaterOnPooled = false;
  const got = await onnxGradient([1, 1, 4, 5], ['N', 1, 2, 2], (b, v) => {
    const pooled = b.op('MaxPool', [b.op('Relu', [v])], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 0, 0] });
    return pooled;
  }, x, seed, (graph) => (greaterOnPooled = graph.nodes.some((n) => n.op === 'Greater' && n.inputs[0] === graph.nodes.find((m) => m.op === 'MaxPool')?.outputs[0])));
  if (!got) return t.skip('onnxruntime-node is not available');
  const reference = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(back(tf.maxPool(tf.pad(tf.relu(nchw(v)), [[0, 0], [1, 0], [1, 0], [0, 0]], -1e9) as tf.Tensor4D, 3, 2, 'valid')), seed)))(x);
  assert.deepEqual(Array.from(got), Array.from(reference.dataSync()));
  assert.ok(greaterOnPooled, 'the relu gate reads the pooled output');
  assert.ok(Array.from(got).some((v) => v !== 0), 'a nonzero gradient');
});

test('relu -> 2x2/2 max pool (disjoint windows: MaxUnpool of the forward node\'s own indices): ties as TF.js', async (t) => {
  await tf.setBackend('cpu');
  // 4x6 in 2x2 windows: four tied 2s, a tie of 3s in the second row, an all-negative window (zeros tie
  // after the relu), a window whose maximum is its last position; batch 2 and 2 channels (indices span them)
  const one = [2, 2, -1, 3, 0.5, -2, 2, 2, 3, -4, 1, 4, 1, -1, -3, -3, 7, 7, 5, 0, -2, -1, 7, 6];
  const x = tf.tensor([...one, ...one.map((v) => -v), ...one.map((v) => v * 2), ...one.reverse()], [2, 2, 4, 6]);
  const seed = tf.tensor(Array.from({ length: 24 }, (_, i) => (i % 5) - 1.5), [2, 2, 2, 3]);
  let ops: string[] = [];
  const got = await onnxGradient([2, 2, 4, 6], ['N', 2, 2, 3], (b, v) => b.op('MaxPool', [b.op('Relu', [v])], { kernel_shape: [2, 2], strides: [2, 2] }), x, seed,
    (graph) => (ops = graph.nodes.map((n) => n.op)));
  if (!got) return t.skip('onnxruntime-node is not available');
  const reference = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(back(tf.maxPool(tf.relu(nchw(v)) as tf.Tensor4D, 2, 2, 'valid')), seed)))(x);
  assert.deepEqual(Array.from(got), Array.from(reference.dataSync()));
  assert.equal(ops.filter((op) => op === 'MaxPool').length, 1, 'one MaxPool: the forward node returns the indices');
  assert.ok(ops.includes('MaxUnpool') && !ops.includes('ScatterElements'));
  // first sample, first channel, window (0,0): four tied 2s -> all to position 0 with seed -1.5
  assert.equal(got[0], -1.5);
  assert.deepEqual([got[1], got[6], got[7]], [0, 0, 0]);
});

test("average pool 'same': the exact gradient (each window's own count)", async (t) => {
  await tf.setBackend('cpu');
  const x = seededInput([1, 2, 5, 5]);
  const seed = seededInput([1, 2, 3, 3], 9);
  const got = await onnxGradient([1, 2, 5, 5], ['N', 2, 3, 3], (b, v) => b.op('AveragePool', [v], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], count_include_pad: 0 }), x, seed);
  if (!got) return t.skip('onnxruntime-node is not available');
  // exact 'same' average: window sums over the zero-padded input divided by the in-bounds count
  const exact = (v: tf.Tensor): tf.Tensor => {
    const sums = tf.depthwiseConv2d(nchw(v), tf.ones([3, 3, 2, 1]) as tf.Tensor4D, 2, 'same');
    const counts = tf.depthwiseConv2d(tf.onesLike(nchw(v)), tf.ones([3, 3, 2, 1]) as tf.Tensor4D, 2, 'same');
    return back(tf.div(sums, counts));
  };
  const reference = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(exact(v), seed)))(x);
  assert.ok(relativeError(got, reference.dataSync()) < 1e-6);
  // corner (0,0) lies only in window (0,0), which holds 4 in-bounds values: dx = dy/4
  assert.ok(Math.abs((got[0] as number) - (seed.dataSync()[0] as number) / 4) < 1e-6);
});

test('nearest upsampling by 2: each input takes the sum of its 2x2 block of dy, for every sample', async (t) => {
  const x = tf.zeros([2, 1, 2, 2]);
  const seed = tf.range(0, 32).reshape([2, 1, 4, 4]);
  const got = await onnxGradient([2, 1, 2, 2], ['N', 1, 4, 4], (b, v) => b.op('Resize', [v, '', b.constant([1, 1, 2, 2], [4])], { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' }), x, seed);
  if (!got) return t.skip('onnxruntime-node is not available');
  assert.deepEqual(Array.from(got), [10, 18, 42, 50, 74, 82, 106, 114]);
});

for (const [name, size, pads] of [['same', 7, [1, 1, 1, 1]], ['valid', 8, [0, 0, 0, 0]]] as const) {
  test(`conv stride 2 (${name}, ${size}x${size}): ConvTranspose gives back the exact input size and TF.js's gradient`, async (t) => {
    await tf.setBackend('cpu');
    const x = seededInput([1, 2, size, size]);
    const w = seededInput([3, 2, 3, 3], 5);
    const out = name === 'same' ? Math.ceil(size / 2) : Math.floor((size - 3) / 2) + 1;
    const seed = seededInput([1, 3, out, out], 7);
    const got = await onnxGradient([1, 2, size, size], ['N', 3, out, out], (b, v) => b.op('Conv', [v, b.constant(w.dataSync() as Float32Array, [3, 2, 3, 3])], { kernel_shape: [3, 3], strides: [2, 2], pads: [...pads] }), x, seed);
    if (!got) return t.skip('onnxruntime-node is not available');
    const filter = tf.transpose(w, [2, 3, 1, 0]) as tf.Tensor4D;
    const reference = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(back(tf.conv2d(nchw(v), filter, 2, name)), seed)))(x);
    assert.ok(relativeError(got, reference.dataSync()) < 1e-5, `relative error ${relativeError(got, reference.dataSync())}`);
  });
}
