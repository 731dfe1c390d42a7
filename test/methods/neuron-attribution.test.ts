// Neuron attribution (Captum's Neuron* family) through neuronTarget: any method explains one unit
// of an inner layer. On a 1x1 linear convolution the neuron (h, w, k) is sum_c W[c][k] x[h, w, c] + b_k,
// so its gradient is W[:, k] at (h, w) and zero elsewhere, and its Integrated Gradients from a zero
// baseline are x[h, w, c] W[c][k] there, exactly.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { SaliencyError, getMethod, inputXGradient, integratedGradients, neuronTarget, saliency } from '../../src/index.ts';
import { useCpu } from '../support/backend.ts';
import { assertClose } from '../support/assert-close.ts';
import { withoutLeaks } from '../support/tensors.ts';

before(useCpu);

const W = [
  [0.5, -1, 2],
  [1.5, 0.25, -0.75],
];
const B = [0.1, -0.2, 0.3];

function model(): tf.LayersModel {
  const input = tf.input({ shape: [3, 3, 2] });
  const conv = tf.layers.conv2d({ filters: 3, kernelSize: 1, name: 'conv' }).apply(input);
  const relu = tf.layers.activation({ activation: 'relu', name: 'relu' }).apply(conv);
  const flat = tf.layers.flatten().apply(relu);
  const out = tf.layers.dense({ units: 2, name: 'head' }).apply(flat) as tf.SymbolicTensor;
  const m = tf.model({ inputs: input, outputs: out });
  const weights = [tf.tensor4d(W.flat(), [1, 1, 2, 3]), tf.tensor1d(B)];
  m.getLayer('conv').setWeights(weights);
  tf.dispose(weights);
  return m;
}

/** The closed form: `perPixel(c)` at position (h, w), zero elsewhere, per sample. */
function atPosition(h: number, w: number, values: (n: number, c: number) => number): number[] {
  return [0, 1].flatMap((n) => Array.from({ length: 18 }, (_, i) => (i === (h * 3 + w) * 2 || i === (h * 3 + w) * 2 + 1 ? values(n, i % 2) : 0)));
}

describe('neuronTarget: one unit of an inner layer, for any method', () => {
  const m = model();
  const x = tf.tensor4d(Array.from({ length: 36 }, (_, i) => ((i * 7) % 11) / 5 - 1), [2, 3, 3, 2]);
  const xs = x.dataSync();
  const [h, w, k] = [1, 2, 2];

  test('saliency: W[:, k] at the neuron position', async () => {
    const result = await withoutLeaks(() => saliency(m, x, { target: neuronTarget('conv', [h, w, k]), gradModifier: 'none' }));
    assertClose(result.map.data, atPosition(h, w, (_, c) => W[c]![k]!));
    const value = (n: number) => W[0]![k]! * xs[n * 18 + (h * 3 + w) * 2]! + W[1]![k]! * xs[n * 18 + (h * 3 + w) * 2 + 1]! + B[k]!;
    assertClose(result.meta.scores, [value(0), value(1)], { atol: 1e-5 });
    assert.equal(result.meta.target, 'neuron [1, 2, 2]');
  });

  test('input x gradient and Integrated Gradients: x W[:, k] at the neuron position, completeness f(x) - f(0) - b', async () => {
    const expected = atPosition(h, w, (n, c) => xs[n * 18 + (h * 3 + w) * 2 + c]! * W[c]![k]!);
    const ixg = await withoutLeaks(() => inputXGradient(m, x, { target: neuronTarget('conv', [h, w, k]) }));
    assertClose(ixg.map.data, expected, { atol: 1e-6 });
    const ig = await withoutLeaks(() => integratedGradients(m, x, { target: neuronTarget('conv', [h, w, k]), steps: 4 }));
    assertClose(ig.map.data, expected, { atol: 1e-6 });
    for (const delta of ig.meta.extra?.['delta'] as number[]) assert.ok(Math.abs(delta) < 1e-5);
    const viaRegistry = await getMethod('integrated-gradients').run(m, x, { target: neuronTarget('conv', [h, w, k]), steps: 4 });
    assert.deepEqual(viaRegistry.map.data, ig.map.data);
  });

  test('a neuron behind a ReLU that is off has a zero gradient; a wrong position is a clear error', async () => {
    const off = tf.mul(x, 0);
    const result = await saliency(m, off, { target: neuronTarget('relu', [0, 0, 1]) });
    assert.ok(result.map.data.every((v) => v === 0));
    off.dispose();
    await assert.rejects(saliency(m, x, { target: neuronTarget('conv', [1, 2]) }), (e: unknown) => e instanceof SaliencyError && /has 2 indices but the layer output has shape \[3, 3, 3\]/.test(e.message));
    await assert.rejects(saliency(m, x, { target: neuronTarget('conv', [1, 2, 3]) }), /index 3 on axis 3 is out of range; valid are 0 to 2/);
    assert.throws(() => neuronTarget('conv', [-1]), /non-negative integer/);
  });
});
