// Every CAM method gives the same maps on the wasm backend as on the cpu reference (Faster-ScoreCAM
// included: it once relied on tf.gather with batchDims, which picks wrong rows on wasm).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { METHODS, visualizeCam, type NdArray } from '../../src/index.ts';
import { setupBackend } from '../../src/engines/wasm/node/index.ts';
import { assertClose } from '../support/assert-close.ts';
import { tinyCnn, tinyImages } from '../support/models.ts';

const CASES: ReadonlyArray<readonly [string, Readonly<Record<string, unknown>>]> = [
  ...METHODS.filter((m) => m.family === 'cam').map((m) => [m.name, {}] as const),
  ['score-cam', { maxN: 4 }],
  ['grad-cam', { layer: 'conv_a', upsample: 'align-corners' }],
];

let model: tf.LayersModel;

before(async () => {
  await setupBackend({ backend: 'cpu' });
  model = tinyCnn();
});

after(async () => {
  await setupBackend({ backend: 'cpu' });
});

async function mapsOn(backend: 'cpu' | 'wasm'): Promise<NdArray[]> {
  await setupBackend({ backend });
  const images = tinyImages(3);
  try {
    const maps: NdArray[] = [];
    for (const [name, options] of CASES) {
      const method = METHODS.find((m) => m.name === name);
      assert.ok(method, `${name} is registered`);
      maps.push((await method.run(model, images, { target: 2, ...options })).map);
    }
    maps.push(await visualizeCam(model, -1, 2, images));
    return maps;
  } finally {
    images.dispose();
  }
}

test('CAM maps on wasm equal those on cpu', async () => {
  const cpu = await mapsOn('cpu');
  const wasm = await mapsOn('wasm');
  cpu.forEach((expected, i) => {
    const scale = Math.max(...expected.data.map(Math.abs));
    assert.ok(scale > 0, `case ${i} is not all zero`);
    assertClose(wasm[i]?.data ?? [], expected.data, { atol: 1e-5 * scale, rtol: 1e-4, message: CASES[i]?.[0] ?? 'visualizeCam' });
  });
});
