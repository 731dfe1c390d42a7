// ReLU and ReLU6 gates on channel-blocked tensors (8k channels) are 0/1 masks made by depthwise 1x1
// Conv + Clip (ORT keeps them in its NCHWc layout): against the closed forms and TF.js at the exact
// boundaries (0, -0, 6 itself, the floats next to 6, tiny and infinite values), for the plain,
// guided and rectified rules; the graph holds no comparison op.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { GraphBuilder, RectifierRule } from '../../../src/index.ts';
import { onnxGradient } from './support.ts';

const ABOVE_SIX = 6 + 2 ** -21;
const BELOW_SIX = 6 - 2 ** -21;
const EDGES = [0, -0, 6, ABOVE_SIX, BELOW_SIX, 1e-30, -1e-30, 3, 100, -5, Infinity, -Infinity, 2 ** -126, 0.5, 5.5, 7];
/** 8 channels of 2x2: the edge values in every channel, in a different order per channel. */
const VALUES = Array.from({ length: 32 }, (_, i) => EDGES[(i * 5 + Math.floor(i / 4)) % EDGES.length] as number);
const SEED = Array.from({ length: 32 }, (_, i) => ((i % 7) - 3) * 0.5 || 1.25);
const relu = (v: number): number => Math.max(v, 0);

async function gradient(op: (b: GraphBuilder, x: string) => string, rule: RectifierRule) {
  await tf.setBackend('cpu');
  let ops: string[] = [];
  const got = await onnxGradient([1, 8, 2, 2], ['N', 8, 2, 2], op, tf.tensor(VALUES, [1, 8, 2, 2]), tf.tensor(SEED, [1, 8, 2, 2]),
    (graph) => (ops = graph.nodes.map((n) => n.op)), undefined, { Relu: rule });
  return { got, ops };
}

const relu6 = (b: GraphBuilder, x: string): string => b.op('Clip', [x, b.scalar(0), b.scalar(6)]);
const plainRelu = (b: GraphBuilder, x: string): string => b.op('Relu', [x]);

const CASES: [string, (b: GraphBuilder, x: string) => string, RectifierRule, (x: number, dy: number) => number][] = [
  ['relu6 plain', relu6, 'plain', (x, dy) => (x > 0 && x <= 6 ? dy : 0)],
  ['relu6 guided', relu6, 'guided', (x, dy) => (x > 0 && x <= 6 ? relu(dy) : 0)],
  ['relu6 rectified', relu6, 'rectified', (x, dy) => (x <= 6 ? relu(dy) : 0)],
  ['relu plain', plainRelu, 'plain', (x, dy) => (x > 0 ? dy : 0)],
  ['relu guided', plainRelu, 'guided', (x, dy) => (x > 0 ? relu(dy) : 0)],
];

for (const [name, op, rule, expected] of CASES) {
  test(`blocked gate, ${name}: the closed form at the boundaries, no comparison op`, async (t) => {
    const { got, ops } = await gradient(op, rule);
    if (!got) return t.skip('onnxruntime-node is not available');
    assert.deepEqual(Array.from(got, (v) => v + 0), VALUES.map((x, i) => expected(x, SEED[i] as number) + 0));
    assert.ok(!ops.some((o) => ['Greater', 'LessOrEqual', 'Cast', 'And'].includes(o)), ops.join(' '));
    if (rule !== 'rectified' || name.startsWith('relu6')) assert.ok(ops.includes('Conv'), 'masks made by depthwise Convs');
  });
}

test('blocked relu6 gate = TF.js relu6 gradient (6 itself passes, as tf.relu6)', async (t) => {
  const { got } = await gradient(relu6, 'plain');
  if (!got) return t.skip('onnxruntime-node is not available');
  const x = tf.tensor(VALUES.map((v) => (Number.isFinite(v) ? v : 0)), [1, 8, 2, 2]);
  const finite = VALUES.map((v) => Number.isFinite(v));
  const reference = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.relu6(v), tf.tensor(SEED, [1, 8, 2, 2]))))(x).dataSync();
  VALUES.forEach((_, i) => {
    if (finite[i]) assert.equal((got[i] as number) + 0, (reference[i] as number) + 0, `value ${VALUES[i]}`);
  });
});
