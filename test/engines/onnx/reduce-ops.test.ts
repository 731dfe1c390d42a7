// ReduceMean, ReduceSum and ReduceMin backward rules on one-op graphs against TF.js's gradients of
// tf.mean, tf.sum and tf.min (cpu, 1e-5 relative): axes as attribute (ReduceMean/Min before opset
// 18) or as a constant input (ReduceSum from 13, all from 18), negative axes, keepdims 0/1, every
// axis, the batch axis reduced (its size symbolic: the count and shape computed in the graph),
// noop_with_empty_axes; ReduceMin sends dy to every tied minimum.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { GraphBuilder, OnnxDim } from '../../../src/index.ts';
import { assertGradientAsTfjs, seededInput } from './support.ts';

type Reduce = 'ReduceMean' | 'ReduceSum' | 'ReduceMin';
const reference: Record<Reduce, (x: tf.Tensor, axes: number[], keep: boolean) => tf.Tensor> = {
  ReduceMean: (x, axes, keep) => tf.mean(x, axes, keep),
  ReduceSum: (x, axes, keep) => tf.sum(x, axes, keep),
  ReduceMin: (x, axes, keep) => tf.min(x, axes, keep),
};

/** The node as written at `opset`: axes as input where the op takes them so, else as attribute. */
function reduce(op: Reduce, axes: number[] | 'all', keepdims: 0 | 1, opset: number, extra: Record<string, number> = {}) {
  const asInput = op === 'ReduceSum' ? opset >= 13 : opset >= 18;
  return (b: GraphBuilder, v: string): string => {
    if (axes === 'all') return b.op(op, [v], { keepdims, ...extra });
    return asInput ? b.op(op, [v, b.ints(axes)], { keepdims, ...extra }) : b.op(op, [v], { axes, keepdims, ...extra });
  };
}

const cases: { op: Reduce; axes: number[] | 'all'; keepdims: 0 | 1; opset: number; out: OnnxDim[] }[] = [
  { op: 'ReduceMean', axes: [2, 3], keepdims: 0, opset: 13, out: ['N', 3] },
  { op: 'ReduceMean', axes: [-1], keepdims: 1, opset: 18, out: ['N', 3, 4, 1] },
  { op: 'ReduceMean', axes: 'all', keepdims: 0, opset: 13, out: [] },
  { op: 'ReduceMean', axes: [0, 1], keepdims: 1, opset: 13, out: [1, 1, 4, 5] },
  { op: 'ReduceSum', axes: [1], keepdims: 0, opset: 13, out: ['N', 4, 5] },
  { op: 'ReduceSum', axes: [0, -2], keepdims: 0, opset: 18, out: [3, 5] },
  { op: 'ReduceSum', axes: 'all', keepdims: 1, opset: 13, out: [1, 1, 1, 1] },
  { op: 'ReduceMin', axes: [2, 3], keepdims: 0, opset: 13, out: ['N', 3] },
  { op: 'ReduceMin', axes: [1], keepdims: 1, opset: 18, out: ['N', 1, 4, 5] },
];

/** Values on a grid of halves in [-1, 1]: many ties. */
const tied = () => tf.tidy(() => tf.div(tf.round(tf.mul(seededInput([2, 3, 4, 5], 7), 2)), 2));

for (const { op, axes, keepdims, opset, out } of cases) {
  const where = axes === 'all' ? 'every axis' : `axes [${axes}]`;
  test(`${op} backward: ${where}, keepdims ${keepdims}, opset ${opset}: equals TF.js's gradient (1e-5)`, async (t) => {
    const x = op === 'ReduceMin' ? tied() : undefined;
    const all = axes === 'all' ? [0, 1, 2, 3] : axes;
    const got = await assertGradientAsTfjs([2, 3, 4, 5], out, reduce(op, axes, keepdims, opset), (v) => reference[op](v, all, keepdims === 1), { x, opset });
    if (!got) return t.skip('onnxruntime-node is not available');
    if (op !== 'ReduceMin' || !x) return;
    // ties: a reduced group holds its minimum more than once, and each of those positions got dy
    const isMin = tf.tidy(() => tf.equal(x, tf.min(x, all, true)).dataSync());
    const perGroup = tf.tidy(() => tf.sum(tf.equal(x, tf.min(x, all, true)), all).dataSync());
    assert.ok(Array.from(perGroup).some((c) => c > 1), 'the input has tied minima');
    Array.from(got).forEach((g, i) => assert.equal(g !== 0, isMin[i] === 1, `position ${i}`));
  });
}

test('ReduceSum backward: empty axes with noop_with_empty_axes pass dy through (opset 18)', async (t) => {
  const got = await assertGradientAsTfjs([2, 3, 4, 5], ['N', 3, 4, 5], (b, v) => b.op('ReduceSum', [v, b.ints([])], { noop_with_empty_axes: 1 }), (v) => v, { opset: 18 });
  if (!got) return t.skip('onnxruntime-node is not available');
  assert.deepEqual(Array.from(got), Array.from(seededInput([2, 3, 4, 5], 11).dataSync()));
});
