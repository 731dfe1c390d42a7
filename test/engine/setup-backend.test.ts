import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SaliencyError } from '../../src/core/errors.ts';
import { setupBackend } from '../../src/engines/wasm/node/index.ts';
import { pathCounts, resetPathCounts } from '../../src/engines/wasm/path-counts.ts';
import { relativeError, seededValues } from './compare.ts';
import { mixedCnn, relu6Cnn } from './models.ts';

/** Gradient of sum(output * w) and its values, plus the error a dilated conv gradient gives (if any). */
async function fingerprint(models: tf.LayersModel[]): Promise<{ values: Float32Array[]; dilatedError: string }> {
  const values: Float32Array[] = [];
  for (const model of models) {
    const shape = [2, ...(model.inputs[0]?.shape.slice(1) as number[])];
    const g = tf.tidy(() => {
      const x = tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), 3), shape);
      return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(model.predict(t) as tf.Tensor, tf.range(1, 4))))(x);
    });
    values.push(new Float32Array(await g.data()));
    g.dispose();
  }
  let dilatedError = '';
  try {
    tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(tf.conv2d(t as tf.Tensor4D, tf.ones([2, 2, 1, 1]) as tf.Tensor4D, 1, 'valid', 'NHWC', 2)))(tf.ones([1, 5, 5, 1])));
  } catch (error) {
    dilatedError = (error as Error).message;
  }
  return { values, dilatedError };
}

test('cpu results are bit-identical before and after the engine is set up, wasm matches them, and switching back and forth works', async () => {
  await tf.setBackend('cpu');
  const models = [mixedCnn(), relu6Cnn()];
  const stock = await fingerprint(models);
  assert.match(stock.dilatedError, /dilation/, 'stock TF.js has no gradient for dilated conv2d');

  const wasmInfo = await setupBackend({ threads: 1 });
  assert.equal(wasmInfo.backend, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.equal(wasmInfo.fastGradients, true);
  assert.ok(wasmInfo.cpuFallbackKernels.includes('UnsortedSegmentSum'));
  assert.ok(wasmInfo.replacedKernels.includes('MaxPoolGrad'));
  resetPathCounts();
  const onWasm = await fingerprint(models);
  assert.ok((pathCounts()['fused:FusedConv2D'] ?? 0) > 0);
  assert.equal(onWasm.dilatedError, '', 'the engine computes dilated gradients on wasm');
  onWasm.values.forEach((v, i) => assert.ok(relativeError(v, stock.values[i] as Float32Array) < 1e-4));

  const { dispose: _cpuDispose, ...cpuInfo } = await setupBackend({ backend: 'cpu' });
  assert.deepEqual({ ...cpuInfo, notes: [] }, { backend: 'cpu', threads: 1, fastGradients: false, cpuFallbackKernels: [], replacedKernels: [], notes: [] });
  resetPathCounts();
  const cpuAgain = await fingerprint(models);
  assert.deepEqual(pathCounts(), {}, 'no engine path may act on cpu');
  assert.deepEqual(cpuAgain, stock, 'cpu must give exactly the stock results and errors');

  await setupBackend({ backend: 'wasm' });
  resetPathCounts();
  const wasmAgain = await fingerprint(models);
  assert.ok((pathCounts()['fused:FusedConv2D'] ?? 0) > 0, 'fast paths act again after switching back');
  assert.deepEqual(wasmAgain, onWasm);
  models.forEach((m) => m.dispose());
});

test('setupBackend is idempotent: kernels and gradients are installed once, and held by every handle', async () => {
  const first = await setupBackend({ threads: 1 });
  const identity = tf.getKernel('Identity', 'wasm');
  const relu6 = tf.getGradient('Relu6');
  const conv = tf.fused.conv2d;
  const second = await setupBackend();
  assert.equal(tf.getKernel('Identity', 'wasm'), identity);
  assert.equal(tf.getGradient('Relu6'), relu6);
  assert.equal(tf.fused.conv2d, conv);
  const info = ({ dispose: _, ...rest }: typeof first) => ({ ...rest, notes: [] });
  assert.deepEqual(info(second), info(first));
});

test('fastGradients: false keeps the exact kernels but stock gradient paths, and true brings them back', async () => {
  const model = relu6Cnn();
  const slow = await setupBackend({ fastGradients: false });
  assert.equal(slow.fastGradients, false);
  resetPathCounts();
  const stockPath = await fingerprint([model]);
  assert.equal(pathCounts()['fused:FusedConv2D'], undefined);
  await setupBackend({ fastGradients: true });
  resetPathCounts();
  const fastPath = await fingerprint([model]);
  assert.ok((pathCounts()['fused:FusedConv2D'] ?? 0) > 0);
  assert.ok(relativeError(fastPath.values[0] as Float32Array, stockPath.values[0] as Float32Array) < 1e-5);
  model.dispose();
});

test('many saliency maps on wasm leave the tensor count unchanged', async () => {
  await setupBackend({ threads: 1 });
  const model = mixedCnn();
  const x = tf.tensor(seededValues(2 * 12 * 12 * 3, 4), [2, 12, 12, 3]);
  const map = () => tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(model.predict(t) as tf.Tensor, tf.range(1, 4))))(x)).dispose();
  map();
  const before = tf.memory().numTensors;
  for (let i = 0; i < 100; i++) map();
  assert.equal(tf.memory().numTensors, before);
  tf.dispose(x);
  model.dispose();
});

test('bad options are refused with an error naming the option and the valid values', async () => {
  await assert.rejects(setupBackend({ backend: 'webgl' as 'wasm' }), (e: unknown) =>
    e instanceof SaliencyError && e.argument === 'backend' && /'wasm', 'cpu', 'tensorflow'/.test(e.message));
  await assert.rejects(setupBackend({ threads: 0 }), (e: unknown) => e instanceof SaliencyError && e.argument === 'threads');
  await assert.rejects(setupBackend({ threads: 1.5 }), (e: unknown) => e instanceof SaliencyError && e.argument === 'threads');
  await assert.rejects(setupBackend({ fastGradients: 'yes' as unknown as boolean }), (e: unknown) => e instanceof SaliencyError && e.argument === 'fastGradients');
  await assert.rejects(setupBackend({ backend: 'tensorflow' }), (e: unknown) =>
    e instanceof SaliencyError && e.argument === 'backend' && /@tensorflow\/tfjs-node/.test(e.message) && /'wasm'/.test(e.message));
});
