// Backward rules of the pointwise math ops on one-op graphs against TF.js's gradients (cpu, 1e-5
// relative): Sqrt, Exp, Log, Neg, Abs, Erf, Softplus, LogSoftmax (two axes), Pow with constant
// exponents (scalar, broadcast per column), Div with a divisor that depends on the input; Abs at 0
// gives 0 (sign(x), as PyTorch), and an exponent that depends on the input names itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildGradientGraph, GraphBuilder } from '../../../src/index.ts';
import { assertGradientAsTfjs, onnxGradient, seededInput } from './support.ts';

const shape = [2, 3, 4];
/** Positive inputs (Sqrt, Log, fractional powers). */
const positive = () => tf.tidy(() => tf.add(tf.abs(seededInput(shape, 7)), 0.1));

const cases: { label: string; op: (b: GraphBuilder, v: string) => string; ref: (v: tf.Tensor) => tf.Tensor; x?: () => tf.Tensor }[] = [
  { label: 'Sqrt', op: (b, v) => b.op('Sqrt', [v]), ref: tf.sqrt, x: positive },
  { label: 'Exp', op: (b, v) => b.op('Exp', [v]), ref: tf.exp },
  { label: 'Log', op: (b, v) => b.op('Log', [v]), ref: tf.log, x: positive },
  { label: 'Neg', op: (b, v) => b.op('Neg', [v]), ref: tf.neg },
  { label: 'Abs (no zeros)', op: (b, v) => b.op('Abs', [v]), ref: tf.abs },
  { label: 'Erf', op: (b, v) => b.op('Erf', [v]), ref: tf.erf },
  { label: 'Softplus', op: (b, v) => b.op('Softplus', [v]), ref: tf.softplus },
  { label: 'LogSoftmax (default axis -1)', op: (b, v) => b.op('LogSoftmax', [v]), ref: (v) => tf.logSoftmax(v, -1) },
  { label: 'LogSoftmax (axis 1)', op: (b, v) => b.op('LogSoftmax', [v], { axis: 1 }), ref: (v) => tf.transpose(tf.logSoftmax(tf.transpose(v, [0, 2, 1])), [0, 2, 1]) },
  { label: 'Pow (x^2, PyTorch\'s LayerNorm variance)', op: (b, v) => b.op('Pow', [v, b.scalar(2)]), ref: (v) => tf.pow(v, tf.scalar(2)) },
  { label: 'Pow (x^3)', op: (b, v) => b.op('Pow', [v, b.scalar(3)]), ref: (v) => tf.pow(v, tf.scalar(3)) },
  {
    label: 'Pow (an exponent per column, broadcast)',
    op: (b, v) => b.op('Pow', [v, b.constant([2, 0.5, 1, 3], [4])]),
    ref: (v) => tf.pow(v, tf.tensor1d([2, 0.5, 1, 3])),
    x: positive,
  },
  {
    label: 'Div (divisor x² + 1 depends on x)',
    op: (b, v) => b.op('Div', [v, b.op('Add', [b.op('Mul', [v, v]), b.scalar(1)])]),
    ref: (v) => tf.div(v, tf.add(tf.mul(v, v), 1)),
  },
];

for (const { label, op, ref, x } of cases) {
  test(`${label} backward: equals TF.js's gradient (1e-5)`, async (t) => {
    await tf.setBackend('cpu'); // before x(): other files in the process may have registered wasm
    const got = await assertGradientAsTfjs(shape, ['N', 3, 4], op, ref, { x: x?.() });
    if (!got) return t.skip('onnxruntime-node is not available');
  });
}

test('Abs backward at 0 is 0 (dy·sign(x), as PyTorch; TF.js gives -dy there)', async (t) => {
  await tf.setBackend('cpu');
  const x = tf.tensor([-2, 0, 3, 0], [1, 4]);
  const got = await onnxGradient([1, 4], ['N', 4], (b, v) => b.op('Abs', [v]), x, tf.tensor([5, 6, 7, 8], [1, 4]));
  if (!got) return t.skip('onnxruntime-node is not available');
  assert.deepEqual(Array.from(got), [-5, 0, 7, 0]);
});

test('Pow whose exponent depends on the input: the error names the node and the exponent', () => {
  const b = new GraphBuilder();
  const x = b.input('x', ['N', 3]);
  const y = b.op('Pow', [b.scalar(2), x]);
  assert.throws(() => buildGradientGraph(b.build(), { of: [y], seeds: ['seed'], wrt: [x] }), /^UnsupportedOpError: Pow '[^']+': the exponent 'x' depends on the input/);
});
