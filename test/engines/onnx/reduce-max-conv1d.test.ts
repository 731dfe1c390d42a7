// Backward rules for ops of user-brought .onnx models, on hand-built graphs against TF.js (cpu):
// ReduceMax (axes as attribute at opset 13 or as input at opset 18, keepdims 0/1, negative axes,
// every axis) sends dy to every tied maximum as tf.max's gradient does; 1-D Conv (torch Conv1d)
// through both of the Conv rule's paths (forward Conv over flipped filters; ConvTranspose for
// strides, dilations and few channels) and with groups, against tf.conv1d's gradient.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { OnnxDim } from '../../../src/index.ts';
import { onnxGradient, relativeError, seededInput } from './support.ts';

/** Values on a grid of halves in [-1, 1]: many ties. */
const tied = (shape: number[], seed: number) => tf.tidy(() => tf.div(tf.round(tf.mul(seededInput(shape, seed), 2)), 2));

const cases: { label: string; axes: number[] | 'all'; keepdims: 0 | 1; opset: 13 | 18; out: OnnxDim[] }[] = [
  { label: 'spatial axes, keepdims 0 (torch.amax), opset 13', axes: [2, 3], keepdims: 0, opset: 13, out: ['N', 3] },
  { label: 'axis -1, keepdims 1, opset 13', axes: [-1], keepdims: 1, opset: 13, out: ['N', 3, 4, 1] },
  { label: 'channel axis as input, keepdims 0, opset 18', axes: [1], keepdims: 0, opset: 18, out: ['N', 4, 5] },
  { label: 'every axis (none given), keepdims 1, opset 18', axes: 'all', keepdims: 1, opset: 18, out: [1, 1, 1, 1] },
];

for (const { label, axes, keepdims, opset, out } of cases) {
  test(`ReduceMax backward: ${label}: tied maxima all get dy, as tf.max's gradient (1e-5)`, async (t) => {
    await tf.setBackend('cpu');
    const x = tied([2, 3, 4, 5], 7);
    const reduced = axes === 'all' ? [0, 1, 2, 3] : axes;
    const seedShape = out.map((d) => (d === 'N' ? 2 : (d as number)));
    const seed = seededInput(seedShape, 11);
    const got = await onnxGradient([2, 3, 4, 5], out, (b, v) => {
      if (axes === 'all') return b.op('ReduceMax', [v], { keepdims });
      return opset === 18 ? b.op('ReduceMax', [v, b.ints(axes)], { keepdims }) : b.op('ReduceMax', [v], { axes, keepdims });
    }, x, seed, undefined, opset);
    if (!got) return t.skip('onnxruntime-node is not available');
    const reference = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.reshape(tf.max(v, reduced, keepdims === 1), seedShape), seed)))(x);
    const want = reference.dataSync() as Float32Array;
    assert.ok(relativeError(got, want) <= 1e-5, `relative error ${relativeError(got, want)}`);
    // ties: some reduced group holds its maximum more than once, and each of those positions got dy
    const isMax = tf.tidy(() => tf.equal(x, tf.max(x, reduced, true)).dataSync());
    const perGroup = tf.tidy(() => tf.sum(tf.equal(x, tf.max(x, reduced, true)), reduced).dataSync());
    assert.ok(Array.from(perGroup).some((c) => c > 1), 'the input has tied maxima');
    Array.from(got).forEach((g, i) => assert.equal(g !== 0, isMax[i] === 1 && want[i] !== 0, `position ${i}`));
  });
}

/** tf.conv1d of NCL `x` with ONNX filters `w` [M, C/g, k] and explicit `pads`, as an NCL tensor. */
function tfConv1d(x: tf.Tensor, w: tf.Tensor, pads: [number, number], stride: number, dilation: number, group: number): tf.Tensor {
  const nwc = tf.pad(tf.transpose(x, [0, 2, 1]), [[0, 0], pads, [0, 0]]) as tf.Tensor3D;
  // TF.js has no gradient of dilated convolutions: the filter is dilated by hand (zeros between taps)
  const taps = tf.split(tf.transpose(w, [2, 1, 0]), w.shape[2] as number, 0);
  const gap = tf.zeros([dilation - 1, ...(taps[0] as tf.Tensor).shape.slice(1)]);
  const filters = tf.concat(taps.flatMap((tap, i) => (i === 0 || dilation === 1 ? [tap] : [gap, tap])), 0) as tf.Tensor3D;
  const perGroup = (w.shape[0] as number) / group;
  const ins = group === 1 ? [nwc] : tf.split(nwc, group, 2);
  const parts = ins.map((part, g) => tf.conv1d(part as tf.Tensor3D, tf.slice(filters, [0, 0, g * perGroup], [-1, -1, perGroup]), stride, 'valid', 'NWC'));
  return tf.transpose(group === 1 ? (parts[0] as tf.Tensor) : tf.concat(parts, 2), [0, 2, 1]);
}

const convs: { label: string; x: number[]; w: number[]; pads: [number, number]; stride: number; dilation: number; group: number }[] = [
  { label: '8 channels, stride 1, padded (forward Conv over flipped filters)', x: [2, 8, 9], w: [6, 8, 3], pads: [1, 1], stride: 1, dilation: 1, group: 1 },
  { label: 'stride 2 (ConvTranspose, odd length)', x: [2, 3, 11], w: [4, 3, 3], pads: [1, 1], stride: 2, dilation: 1, group: 1 },
  { label: '3 channels, dilation 2 (ConvTranspose)', x: [2, 3, 10], w: [4, 3, 3], pads: [1, 2], stride: 1, dilation: 2, group: 1 },
  { label: '2 groups, asymmetric pads', x: [1, 16, 7], w: [8, 8, 3], pads: [2, 0], stride: 1, dilation: 1, group: 2 },
];

for (const { label, x: xs, w: ws, pads, stride, dilation, group } of convs) {
  test(`1-D Conv backward: ${label}: equals tf.conv1d's input gradient (1e-5)`, async (t) => {
    await tf.setBackend('cpu');
    const x = seededInput(xs, 5);
    const w = seededInput(ws, 9);
    const forward = tfConv1d(x, w, pads, stride, dilation, group);
    const seed = seededInput(forward.shape, 13);
    const got = await onnxGradient(xs, ['N', ...forward.shape.slice(1)], (b, v) => {
      const filter = b.constant(w.dataSync() as Float32Array, ws, 'w');
      return b.op('Conv', [v, filter], { kernel_shape: [ws[2] as number], pads, strides: [stride], dilations: [dilation], group });
    }, x, seed);
    if (!got) return t.skip('onnxruntime-node is not available');
    const reference = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tfConv1d(v, w, pads, stride, dilation, group), seed)))(x);
    const error = relativeError(got, reference.dataSync() as Float32Array);
    assert.ok(error <= 1e-5, `relative error ${error}`);
    assert.ok(Array.from(got).some((v) => v !== 0), 'a nonzero gradient');
  });
}
