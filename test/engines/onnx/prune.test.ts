// Dead-node elimination when a graph is written: ORT would run nodes nothing reads, so toModelProto
// keeps only what the outputs depend on (multi-output nodes whole), and the model still computes
// the same values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphBuilder, toModelBytes, toModelProto } from '../../../src/index.ts';
import { loadOrtRuntime } from '../../../src/node/index.ts';

function graphWithDeadNodes() {
  const b = new GraphBuilder();
  const x = b.input('x', [1, 1, 2, 2]);
  const scale = b.constant([3], [], 'live_scale');
  b.op('Mul', [x, b.constant([100], [], 'dead_scale')]); // read by nothing
  const [pooled] = b.opMulti('MaxPool', [x], 2, { kernel_shape: [2, 2] }); // indices unused: the node stays whole
  const y = b.op('Add', [b.op('Mul', [x, scale]), pooled as string]);
  b.op('Relu', [y]); // read by nothing
  b.output(y, 'y');
  return b.build();
}

test('toModelProto drops the nodes and initializers the outputs do not depend on', () => {
  const proto = toModelProto(graphWithDeadNodes());
  const nodes = proto.graph?.node ?? [];
  assert.deepEqual(nodes.map((n) => n.opType), ['MaxPool', 'Mul', 'Add', 'Identity']);
  assert.equal(nodes.find((n) => n.opType === 'MaxPool')?.output?.length, 2);
  const initializers = (proto.graph?.initializer ?? []).map((i) => i.name ?? '');
  assert.equal(initializers.length, 1);
  assert.ok(initializers[0]?.startsWith('live_scale'));
});

test('the pruned model computes the same outputs: y = 3x + max(x)', async (t) => {
  const load = await loadOrtRuntime();
  if (!load.runtime) return t.skip('onnxruntime-node is not available');
  const session = load.runtime.createSession(toModelBytes(graphWithDeadNodes()), { threads: 1 });
  try {
    const out = session.run({ x: { data: new Float32Array([1, -2, 4, 0.5]), dims: [1, 1, 2, 2] } }, ['y']);
    assert.deepEqual(Array.from(out['y']?.data ?? []), [7, -2, 16, 5.5]);
  } finally {
    session.release();
  }
});
