// The perturbation methods give the same maps on the cpu and wasm backends (forward passes only).
import { describe, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { featureAblation, occlusion, rise, type Attribution } from '../../src/index.ts';
import { assertClose } from '../support/assert-close.ts';
import { tinyCnn, tinyImages } from '../support/models.ts';

async function mapsOn(backend: 'cpu' | 'wasm'): Promise<Attribution[]> {
  await tf.setBackend(backend);
  await tf.ready();
  const model = tinyCnn();
  const x = tinyImages(2);
  try {
    return [
      await occlusion(model, x, { window: 3, target: 1 }),
      await rise(model, x, { masks: 40, seed: 3 }),
      await featureAblation(model, x, { patchSize: 2, baseline: 0.5, target: 4 }),
    ];
  } finally {
    x.dispose();
    model.dispose();
  }
}

describe('perturbation methods on cpu and wasm', () => {
  test('occlusion, RISE and feature ablation agree', async () => {
    tf.env().set('IS_TEST', true);
    const cpu = await mapsOn('cpu');
    const wasm = await mapsOn('wasm');
    cpu.forEach((result, k) => assertClose(wasm[k]?.map.data ?? [], result.map.data, { atol: 1e-5, rtol: 1e-4, message: result.meta.method }));
  });
});
