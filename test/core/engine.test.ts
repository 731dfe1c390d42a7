// The engine seam (core/engine.ts): the executor asks the installed engines, most recent first, for
// folded convolutions and gradient programs, and TF.js (the reference) answers what none offers.
// Installations come off in any order.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  activeEngine, installActiveEngine, REFERENCE_ENGINE, type Engine, type FoldedConvolution, type GradientProgramRequest,
} from '../../src/core/engine.ts';
import { runGraph } from '../../src/core/executor.ts';
import { saliency } from '../../src/index.ts';
import { fusionCaseModel, fusionInput } from './fusion-models.ts';

let model: tf.LayersModel;
let x: tf.Tensor;
const saliencyMap = async (options: Parameters<typeof saliency>[2] = {}) => (await saliency(model, x, { target: 2, ...options })).map.data;

before(async () => {
  await tf.setBackend('cpu');
  model = fusionCaseModel();
  x = fusionInput([2, 12, 12, 3]);
});

test('engines are asked most recent first, the reference last, and come off in any order', () => {
  assert.equal(activeEngine(), REFERENCE_ENGINE);
  const a: Engine = { name: 'a' };
  const b: Engine = { name: 'b' };
  const removeA = installActiveEngine(a);
  const removeB = installActiveEngine(b);
  assert.equal(activeEngine(), b);
  removeA();
  assert.equal(activeEngine(), b, 'removing a keeps b');
  removeA();
  assert.equal(activeEngine(), b, 'a second removal does nothing');
  removeB();
  assert.equal(activeEngine(), REFERENCE_ENGINE);
});

test("the executor's folded convolutions go to an engine that offers them; one that declines leaves them to tf.fused", async () => {
  const reference = await saliencyMap();
  const seen: FoldedConvolution[] = [];
  const remove = installActiveEngine({ name: 'declines', convolution: (op) => (seen.push(op), null) });
  try {
    assert.deepEqual(Array.from(await saliencyMap()), Array.from(reference), 'declined: the reference result, bit for bit');
    assert.deepEqual([...new Set(seen.map((op) => `${op.kind}/${op.activation}`))].sort(), ['conv2d/linear', 'conv2d/relu6', 'depthwise/relu']);
  } finally {
    remove();
  }
  // An engine whose convolutions give zeros: everything after the first chain is the same for both samples.
  const rows = () => tf.tidy(() => (runGraph(model, [x]).outputs[0] as tf.Tensor).arraySync() as number[][]);
  const [first, second] = rows();
  assert.notDeepEqual(first, second, 'the reference tells the samples apart');
  const removeZeros = installActiveEngine({ name: 'zeros', convolution: (op) => tf.zerosLike(REFERENCE_ENGINE.convolution?.(op) as tf.Tensor) });
  try {
    const [a, b] = rows();
    assert.deepEqual(a, b, "the engine's convolution was used");
  } finally {
    removeZeros();
  }
});

test('computeGradients runs the gradient program an engine offers; a declining engine sees the request and TF.js computes it', async () => {
  const reference = await saliencyMap({ backpropModifier: 'guided' });
  const requests: GradientProgramRequest[] = [];
  const remove = installActiveEngine({ name: 'declines', gradientProgram: (request) => (requests.push(request), null) });
  try {
    assert.deepEqual(Array.from(await saliencyMap({ backpropModifier: 'guided' })), Array.from(reference), 'declined: the reference, bit for bit');
    const [request] = requests;
    assert.equal(request?.model, model);
    assert.equal(request?.wrt, null);
    assert.equal(request?.backprop, 'guided');
    assert.deepEqual([...(request?.linear ?? [])].map((layer) => layer.name), ['probs'], 'the softmax removed');
    requests.length = 0;
    await saliencyMap({ wrt: 'conv_d' });
    assert.equal(requests[0]?.wrt?.name, 'conv_d');
    assert.equal(requests[0]?.backprop, null);
  } finally {
    remove();
  }
  const removeProgram = installActiveEngine({
    name: 'constant',
    gradientProgram: () => ({
      note: { name: 'constant', reason: 'test program' },
      rectifiers: 0,
      run: (inputs, score) => {
        const { total } = score(runGraph(model, inputs));
        return { gradients: inputs.map((t) => tf.fill(t.shape, -3)), scores: total };
      },
    }),
  });
  try {
    const map = await saliencyMap();
    assert.ok(map.length > 0 && map.every((v) => Math.abs(v) === 3), `the program's gradients make the map: ${map.slice(0, 4).join(', ')}`);
  } finally {
    removeProgram();
  }
  assert.deepEqual(Array.from(await saliencyMap({ backpropModifier: 'guided' })), Array.from(reference), 'and the reference once removed');
});
