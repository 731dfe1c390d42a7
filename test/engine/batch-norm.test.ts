import * as tf from '@tensorflow/tfjs';
import { before, test } from 'node:test';
import { setupBackend } from '../../src/engines/wasm/node/index.ts';
import { assertSameOnWasmAndCpu, seededValues } from './compare.ts';

before(async () => {
  await setupBackend({ backend: 'wasm', threads: 1 });
});

const random = (shape: number[], seed: number) => tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), seed), shape);

test('inference batch norm on wasm (one SIMD pass for channels % 4 = 0, two kernels otherwise) matches cpu, with and without offset/scale', async () => {
  for (const [shape, withAffine] of [[[2, 5, 3, 8], true], [[1, 4, 4, 12], false], [[3, 4], true], [[2, 3, 3, 6], true]] as const) {
    const c = shape[shape.length - 1] as number;
    await assertSameOnWasmAndCpu(`batchNorm ${shape.join('x')}${withAffine ? ' offset, scale' : ''}`, () => {
      const x = random([...shape], 1);
      const mean = random([c], 2);
      const variance = tf.add(tf.abs(random([c], 3)), 0.1);
      return withAffine ? tf.batchNorm(x, mean, variance, random([c], 4), random([c], 5), 1e-3) : tf.batchNorm(x, mean, variance, undefined, undefined, 1e-3);
    }, 1e-6);
  }
});
