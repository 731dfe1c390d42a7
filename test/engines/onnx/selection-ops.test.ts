// Backward rules of Split, Gather, Expand and Tile on one-op graphs against TF.js's gradients of
// split, gather, broadcastTo and tile (cpu, 1e-5 relative): an unused Split output (zeros), Gather
// with a scalar index (x[:, 0], a class token), repeated and negative indices (their gradients add
// up), 2-D indices on the last axis; Expand along an axis and to a higher rank; Tile on two axes;
// Where with a constant condition.
// Computed indices name themselves in the error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildGradientGraph, GraphBuilder, type OnnxDim } from '../../../src/index.ts';
import { assertGradientAsTfjs } from './support.ts';

/** An int64 constant of `dims` (a scalar index where dims is []). */
function indices(b: GraphBuilder, values: number[], dims: number[]): string {
  const name = b.fresh('indices');
  b.initializers.set(name, { dims, data: BigInt64Array.from(values.map(BigInt)) });
  return name;
}

/** Split of v [N, 3, 4] along axis 1 into [1, 2] (opset 13: sizes as input), the parts' shapes recorded. */
function split(b: GraphBuilder, v: string): [string, string] {
  const [a, c] = b.opMulti('Split', [v, b.ints([1, 2])], 2, { axis: 1 }) as [string, string];
  b.shapes.set(a, ['N', 1, 4]);
  b.shapes.set(c, ['N', 2, 4]);
  return [a, c];
}

/** A condition with both values. */
const pattern = [1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0];

const cases: { label: string; out: OnnxDim[]; op: (b: GraphBuilder, v: string) => string; ref: (v: tf.Tensor) => tf.Tensor }[] = [
  {
    label: 'Split, both parts used (concatenated in swapped order)',
    out: ['N', 3, 4],
    op: (b, v) => b.op('Concat', [...split(b, v)].reverse(), { axis: 1 }),
    // (a copy reversed: TF.js's tape keeps split's output array, and reversing it in place swaps its gradients)
    ref: (v) => tf.concat([...tf.split(v, [1, 2], 1)].reverse(), 1),
  },
  { label: 'Split, the first part unused', out: ['N', 2, 4], op: (b, v) => split(b, v)[1], ref: (v) => tf.split(v, [1, 2], 1)[1] as tf.Tensor },
  { label: 'Gather, a scalar index on axis 1 (x[:, 0])', out: ['N', 4], op: (b, v) => b.op('Gather', [v, indices(b, [0], [])], { axis: 1 }), ref: (v) => tf.gather(v, 0, 1) },
  {
    label: 'Gather, repeated and negative indices on axis 2',
    out: ['N', 3, 4],
    op: (b, v) => b.op('Gather', [v, indices(b, [3, -1, 0, 3], [4])], { axis: 2 }),
    ref: (v) => tf.gather(v, [3, 3, 0, 3], 2),
  },
  {
    label: 'Gather, 2-D indices on axis -1',
    out: ['N', 3, 2, 2],
    op: (b, v) => b.op('Gather', [v, indices(b, [0, 1, 1, 1], [2, 2])], { axis: -1 }),
    ref: (v) => tf.gather(v, tf.tensor2d([0, 1, 1, 1], [2, 2], 'int32'), 2),
  },
  {
    label: 'Expand along axis 1',
    out: ['N', 3, 4],
    op: (b, v) => b.op('Expand', [b.op('ReduceSum', [v, b.ints([1])], { keepdims: 1 }, ['N', 1, 4]), b.ints([1, 3, 4])]),
    ref: (v) => tf.broadcastTo(tf.sum(v, 1, true), [2, 3, 4]),
  },
  { label: 'Expand to a higher rank', out: [2, 'N', 3, 4], op: (b, v) => b.op('Expand', [v, b.ints([2, 1, 1, 1])]), ref: (v) => tf.broadcastTo(v, [2, 2, 3, 4]) },
  {
    label: 'Where, a constant condition broadcast over the batch, x in both branches',
    out: ['N', 3, 4],
    op: (b, v) => {
      const condition = b.fresh('condition');
      b.initializers.set(condition, { dims: [3, 4], data: Float32Array.from(pattern) });
      return b.op('Where', [b.op('Cast', [condition], { to: 9 }), b.op('Mul', [v, b.scalar(3)]), b.op('Exp', [v])]);
    },
    ref: (v) => tf.where(tf.cast(tf.tensor(pattern, [3, 4]), 'bool'), tf.mul(v, 3), tf.exp(v)),
  },
  { label: 'Tile on axes 1 and 2', out: ['N', 6, 12], op: (b, v) => b.op('Tile', [v, b.ints([1, 2, 3])]), ref: (v) => tf.tile(v, [1, 2, 3]) },
];

for (const { label, out, op, ref } of cases) {
  test(`${label} backward: equals TF.js's gradient (1e-5)`, async (t) => {
    const got = await assertGradientAsTfjs([2, 3, 4], out, op, ref);
    if (!got) return t.skip('onnxruntime-node is not available');
  });
}

test('Gather with computed indices: the error names the node and the indices', () => {
  const b = new GraphBuilder();
  const x = b.input('x', ['N', 4]);
  const at = b.op('Cast', [b.input('positions', [2])], { to: 7 });
  const y = b.op('Gather', [x, at], { axis: 1 });
  b.shapes.set(y, ['N']);
  assert.throws(() => buildGradientGraph(b.build(), { of: [y], seeds: ['seed'], wrt: [x] }), /^UnsupportedOpError: Gather '[^']+': needs constant indices \('cast/);
});
