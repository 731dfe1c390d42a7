// What the wasm engine may change in TF.js, captured so a test can assert that an engine handle's
// dispose() put back the very same objects: every wasm kernel config (and its kernelFunc), the
// gradient config of every kernel TF.js or the engine knows, tf.fused's functions, the tfjs-layers
// ReLU prototype's own `call`, and the executor's active engine.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { activeEngine, type Engine } from '../../src/core/engine.ts';
import { ENGINE_GRADIENTS, GRADIENT_OVERRIDES } from '../../src/engines/wasm/register.ts';

/** The parts of TF.js the engine touches. */
export interface TfState {
  readonly kernels: Map<string, tf.KernelConfig>;
  readonly gradients: Map<string, tf.GradConfig | undefined>;
  readonly fused: { conv2d: unknown; depthwiseConv2d: unknown; matMul: unknown };
  readonly reluCall: PropertyDescriptor | undefined;
  readonly engine: Engine;
}

/** The prototype of tfjs-layers' ReLU layer. */
export const reluPrototype = (): object => Object.getPrototypeOf(tf.layers.reLU({ maxValue: 6 })) as object;

function gradientNames(): string[] {
  const names = new Set([...tf.getKernelsForBackend('cpu'), ...tf.getKernelsForBackend('wasm')].map((k) => k.kernelName));
  for (const config of ENGINE_GRADIENTS) names.add(config.kernelName);
  for (const override of GRADIENT_OVERRIDES) names.add(override.kernelName);
  return [...names].sort();
}

/** TF.js's state now (the gradients of every kernel the cpu or wasm backend or the engine names). */
export function snapshot(names = gradientNames()): TfState {
  const { conv2d, depthwiseConv2d, matMul } = tf.fused;
  return {
    kernels: new Map(tf.getKernelsForBackend('wasm').map((k) => [k.kernelName, k])),
    gradients: new Map(names.map((name) => [name, tf.getGradient(name) as tf.GradConfig | undefined])),
    fused: { conv2d, depthwiseConv2d, matMul },
    reluCall: Object.getOwnPropertyDescriptor(reluPrototype(), 'call'),
    engine: activeEngine(),
  };
}

/** Asserts that `actual` holds the very same objects as `expected` (names of what differs in the message). */
export function assertSameState(actual: TfState, expected: TfState, when: string): void {
  assert.deepEqual([...actual.kernels.keys()].sort(), [...expected.kernels.keys()].sort(), `${when}: the same wasm kernels are registered`);
  const kernels = [...expected.kernels].filter(([name, config]) => {
    const now = actual.kernels.get(name);
    return now !== config || now.kernelFunc !== config.kernelFunc;
  });
  assert.deepEqual(kernels.map(([name]) => name), [], `${when}: every wasm kernel is the very same config and kernelFunc`);
  const gradients = [...expected.gradients].filter(([name, config]) => actual.gradients.get(name) !== config).map(([name]) => name);
  assert.deepEqual(gradients, [], `${when}: every gradient is the very same config (or absent where it was)`);
  for (const op of ['conv2d', 'depthwiseConv2d', 'matMul'] as const) assert.equal(actual.fused[op], expected.fused[op], `${when}: tf.fused.${op}`);
  assert.deepEqual(actual.reluCall, expected.reluCall, `${when}: the ReLU prototype's own call (same function)`);
  assert.equal(actual.reluCall?.value, expected.reluCall?.value, `${when}: the ReLU prototype's call`);
  assert.equal(actual.engine, expected.engine, `${when}: the executor's engine`);
}
