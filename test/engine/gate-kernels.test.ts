import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { activationBackward } from '../../src/engines/wasm/gradients/activation-backward.ts';
import { applyGate, RELU6_OUTPUT_GATE } from '../../src/engines/wasm/kernels/gate.ts';
import { setupBackend } from '../../src/engines/wasm/node/index.ts';
import { pathCounts, resetPathCounts } from '../../src/engines/wasm/path-counts.ts';
import { seededValues, valuesOn } from './compare.ts';

before(async () => {
  await setupBackend({ backend: 'wasm', threads: 1 });
});

const BELOW_SIX = 6 - 2 ** -21;
/** Values at and around every bound the gates use, and the IEEE special values. */
const SPECIAL = [Number.NaN, Infinity, -Infinity, 0, -0, 1e-45, -1e-45, 6, BELOW_SIX, 6 + 2 ** -20, 0.1, Math.fround(0.1), -0.5, 0.3, 2.5, -7];

/** x: the special values, then seeded values in [-8, 8); dy: seeded values with -0, NaN and Infinity mixed in. */
function inputs(size: number): { x: Float32Array; dy: Float32Array } {
  const x = seededValues(size, 7).map((v) => v * 8);
  x.set(SPECIAL.slice(0, size));
  const dy = seededValues(size, 8);
  for (let i = 1; i < size; i += 5) dy[i] = -0;
  for (let i = 2; i < size; i += 13) dy[i] = Number.NaN;
  for (let i = 3; i < size; i += 17) dy[i] = -Infinity;
  return { x, dy };
}

function assertSameBits(label: string, actual: Float32Array, expected: Float32Array): void {
  const differ = expected.findIndex((e, i) => !Object.is(e, actual[i]));
  assert.equal(differ, -1, `${label}: element ${differ} is ${actual[differ]}, expected ${expected[differ]}`);
}

/** The gradient registered for `kernel` (on cpu the stock one), for input x and incoming dy. */
function registeredGradient(kernel: string, size: number, attrs: tf.NamedAttrMap = {}) {
  return () => {
    const { x, dy } = inputs(size);
    const grads = tf.getGradient(kernel)?.gradFunc(tf.tensor(dy), [tf.tensor(x)], attrs) as Record<string, () => tf.Tensor>;
    return (grads['x'] as () => tf.Tensor)();
  };
}

test('Relu, Relu6 and ClipByValue gradients on wasm (one gate kernel) equal the stock cpu gradients bit for bit', async () => {
  const kernels: [string, tf.NamedAttrMap][] = [
    ['Relu', {}], ['Relu6', {}],
    ['ClipByValue', { clipValueMin: -0.5, clipValueMax: 0.3 }],
    ['ClipByValue', { clipValueMin: 0.1, clipValueMax: 6 }],
    ['ClipByValue', { clipValueMin: -Infinity, clipValueMax: 0 }],
  ];
  for (const [kernel, attrs] of kernels) {
    for (const size of [1, 3, 16, 37, 1000]) {
      const compute = registeredGradient(kernel, size, attrs);
      resetPathCounts();
      const [actual] = (await valuesOn('wasm', compute)) as [Float32Array];
      const mode = kernel === 'ClipByValue' ? 'gate:select' : 'gate:scale';
      assert.equal(pathCounts()[mode], 1, `${kernel}: the gate kernel did not run: ${JSON.stringify(pathCounts())}`);
      const [expected] = (await valuesOn('cpu', compute)) as [Float32Array];
      assertSameBits(`${kernel} ${JSON.stringify(attrs)} size ${size}`, actual, expected);
    }
  }
});

test('activationBackward from a fused op\'s output y: the one-pass gate equals the registered gradient on cpu', async () => {
  for (const activation of ['relu', 'relu6'] as const) {
    const compute = () => {
      const { x, dy } = inputs(41);
      // y made here, not by the backends (wasm's relu6 turns NaN into 0).
      const y = x.map((v) => (Number.isNaN(v) ? v : Math.min(Math.max(v, 0), activation === 'relu' ? Infinity : 6)));
      return activationBackward(tf.tensor(dy), tf.tensor(y), activation);
    };
    resetPathCounts();
    const [actual] = (await valuesOn('wasm', compute)) as [Float32Array];
    assert.equal(pathCounts()['gate:scale'], 1);
    const [expected] = (await valuesOn('cpu', compute)) as [Float32Array];
    assertSameBits(activation, actual, expected);
  }
});

test('the relu6 output gate is open for 0 < y < 6 only, and NaN for NaN', async () => {
  await tf.setBackend('wasm');
  const y = tf.tensor([0, -0, 1e-45, 3, BELOW_SIX, 6, Number.NaN]);
  const gated = applyGate(RELU6_OUTPUT_GATE, tf.onesLike(y), y);
  assert.deepEqual(Array.from(await gated.data()), [0, 0, 1, 1, 1, 0, Number.NaN]);
  tf.dispose([y, gated]);
});

test('the gate kernel has a gradient: second derivatives through relu match cpu', async () => {
  const compute = () => {
    const x = tf.tensor(seededValues(30, 3));
    const w = tf.tensor(seededValues(30, 4));
    const inner = (c: tf.Tensor) => tf.grad((z: tf.Tensor) => tf.sum(tf.mul(tf.relu(z), c)))(x);
    return tf.grad((c: tf.Tensor) => tf.sum(tf.mul(inner(c), w)))(tf.tensor(seededValues(30, 5)));
  };
  const [actual] = (await valuesOn('wasm', compute)) as [Float32Array];
  const [expected] = (await valuesOn('cpu', compute)) as [Float32Array];
  assertSameBits('d/dc sum(w * d/dx sum(relu(x) * c))', actual, expected);
});

test('the gate leaves no tensors behind', async () => {
  await tf.setBackend('wasm');
  const before = tf.memory().numTensors;
  tf.tidy(registeredGradient('Relu6', 37)).dispose();
  assert.equal(tf.memory().numTensors, before);
});
