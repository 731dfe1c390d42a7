// Child process of kernel-threads.test.ts: on 2 wasm threads, runs the engine's own kernels split
// between the main thread and the helper worker, and prints as JSON, per case, whether every split
// run equals the one-thread run bit for bit, the error against the cpu backend, and the chunks the
// worker ran; then disposes the engine's handle (the workers stop). It must exit by itself.
import * as tf from '@tensorflow/tfjs';
import { setupBackend } from '../../src/engines/wasm/node/index.ts';
import { configureKernelThreads, kernelJobRunner } from '../../src/engines/wasm/simd/kernel-jobs.ts';
import { workerChunkCount } from '../../src/engines/wasm/node/kernel-threads.ts';
import type { SimdBackend } from '../../src/engines/wasm/simd/kernel-module.ts';
import { relativeError, seededValues, valuesOn } from './compare.ts';

const handle = await setupBackend({ threads: 2 });
const backend = tf.backend() as unknown as SimdBackend;
const seeded = (shape: number[], seed: number) => tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), seed), shape);
/** Values rounded to a few levels: many ties in max-pool windows, exact zeros at the ReLU kink. */
const coarse = (shape: number[], seed: number) => tf.round(tf.mul(seeded(shape, seed), 2));

/** The gradient of f at a 4-D x, given dy. */
const gradient4d = (f: (t: tf.Tensor4D) => tf.Tensor) => (x: tf.Tensor, dy: tf.Tensor) => tf.grad((t: tf.Tensor) => f(t as tf.Tensor4D))(x, dy);

const cases: Record<string, () => tf.Tensor> = {
  reluGate: () => {
    const x = tf.concat([seeded([1001], 1), tf.tensor([0, -0, Infinity, -1])]);
    return tf.grad((t: tf.Tensor) => tf.relu(t))(x, seeded([1005], 2));
  },
  clipGate: () => tf.grad((t: tf.Tensor) => tf.clipByValue(t, -0.5, 0.25))(seeded([3, 17, 13], 3), seeded([3, 17, 13], 4)),
  maxPoolTiles: () => gradient4d((t) => tf.maxPool(t, 2, 2, 'valid'))(coarse([3, 9, 10, 8], 5), seeded([3, 4, 5, 8], 6)),
  maxPoolOverlap: () => gradient4d((t) => tf.maxPool(t, 3, 2, 'same'))(coarse([2, 9, 9, 4], 7), seeded([2, 5, 5, 4], 8)),
  depthwiseStride2: () => gradient4d((t) => tf.depthwiseConv2d(t, seeded([3, 3, 8, 1], 9) as tf.Tensor4D, 2, 'same'))(
    seeded([2, 11, 12, 8], 10), seeded([2, 6, 6, 8], 11)),
  depthwiseStride2OddChannels: () => gradient4d((t) => tf.depthwiseConv2d(t, seeded([3, 3, 6, 1], 12) as tf.Tensor4D, [2, 3], 'valid'))(
    seeded([3, 13, 14, 6], 13), seeded([3, 6, 4, 6], 14)),
  convStride2: () => gradient4d((t) => tf.conv2d(t, seeded([3, 3, 5, 7], 15) as tf.Tensor4D, 2, 'same'))(
    seeded([2, 13, 11, 5], 16), seeded([2, 7, 6, 7], 17)),
  convOneChannel: () => gradient4d((t) => tf.conv2d(t, seeded([3, 3, 1, 16], 18) as tf.Tensor4D, 1, 'valid'))(
    seeded([4, 10, 9, 1], 19), seeded([4, 8, 7, 16], 20)),
};

const run = (compute: () => tf.Tensor): Float32Array => {
  const t = tf.tidy(compute);
  const values = t.dataSync() as Float32Array;
  t.dispose();
  return values;
};
const sameBits = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

// Wait until the worker has started and takes chunks (it starts with the first split job).
configureKernelThreads({ minBytes: 0 });
for (let tries = 0; tries < 200 && workerChunkCount(backend) === 0; tries++) {
  run(cases.reluGate as () => tf.Tensor);
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const results: Record<string, { identical: boolean; errorVsCpu: number }> = {};
const tensorsBefore = tf.memory().numTensors;
for (const [name, compute] of Object.entries(cases)) {
  configureKernelThreads({ minBytes: Infinity });
  const single = run(compute);
  configureKernelThreads({ minBytes: 0 });
  let identical = true;
  for (let i = 0; i < 20; i++) identical &&= sameBits(run(compute), single);
  const [cpu] = await valuesOn('cpu', compute);
  results[name] = { identical, errorVsCpu: relativeError(single, cpu as Float32Array) };
}
const workerChunks = workerChunkCount(backend);
// Disposing the handle stops the workers: no runner for more threads is left.
handle.dispose();
const threadsAfterDispose = kernelJobRunner(backend)?.threads ?? 1;
process.stdout.write(JSON.stringify({ workerChunks, leaked: tf.memory().numTensors - tensorsBefore, threadsAfterDispose, results }));
