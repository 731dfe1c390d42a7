// The contract every registered method must keep (DESIGN.md principle 10): shapes, a batch equals the
// per-sample calls, seeded determinism, finite values, no tensor leaks, the user's model unchanged.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { METHODS, sampleOf, type Attribution, type MethodDefinition } from '../../src/index.ts';
import { useCpu } from '../support/backend.ts';
import { setupBackend } from '../../src/engines/wasm/node/index.ts';
import { assertClose } from '../support/assert-close.ts';
import { weightSnapshot } from '../support/tensors.ts';
import { tinyCnn, tinyImages } from '../support/models.ts';
import { wrapModel } from '../methods/black-box/function-models.ts';

/** Small settings so every method runs in well under a second on the tiny model. */
const FAST_SETTINGS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  'integrated-gradients': { steps: 8 },
  'blur-ig': { steps: 8, maxSigma: 10 },
  'gradient-shap': { samples: 4 },
  smoothgrad: { samples: 4 },
  'smoothgrad-sq': { samples: 4 },
  vargrad: { samples: 4 },
  'score-cam': { batchSize: 4 },
  occlusion: { window: 4, stride: 4 },
  rise: { masks: 16, perturbationsPerEval: 8 },
  'kernel-shap': { samples: 24, gridSize: 4 },
  lime: { samples: 24, gridSize: 4 },
  'shapley-sampling': { permutations: 2, gridSize: 4 },
  sobol: { designs: 4, gridSize: 4 },
  hsic: { designs: 24, gridSize: 4 },
  xrai: { steps: 4, segmentationSize: 0, minPixelDiff: 4 },
};

function settingsOf(method: MethodDefinition): Record<string, unknown> {
  const fast = FAST_SETTINGS[method.name] ?? {};
  const known = new Set(method.options.map((o) => o.name));
  const options: Record<string, unknown> = Object.fromEntries(Object.entries(fast).filter(([k]) => known.has(k)));
  if (method.randomized && known.has('seed')) options['seed'] = 42;
  return options;
}

function expectedShape(method: MethodDefinition, batch: number): number[] {
  return method.mapShape === 'input' ? [batch, 8, 8, 3] : [batch, 8, 8];
}

function assertFinite(result: Attribution, name: string): void {
  for (const map of result.maps) assert.ok(map.data.every(Number.isFinite), `${name}: the map has NaN or infinite values`);
}

before(useCpu);

describe('method contract', () => {
  const model = tinyCnn();
  const images = tinyImages(3);
  const target = 2;

  test('every method is registered once, with options that declare their defaults', () => {
    const names = METHODS.map((m) => m.name);
    assert.equal(new Set(names).size, names.length, 'duplicate registry names');
    for (const method of METHODS) {
      for (const option of method.options) {
        assert.ok(option.description.length > 0, `${method.name}.${option.name} has no description`);
        assert.ok('default' in option, `${method.name}.${option.name} has no default`);
      }
    }
  });

  for (const method of METHODS) {
    describe(method.name, () => {
      const options = { ...settingsOf(method), target };
      let batchResult: Attribution;

      test('shape, finite values, no leaks, model unchanged', async () => {
        const weights = weightSnapshot(model);
        const before = tf.memory().numTensors;
        batchResult = await method.run(model, images, options);
        assert.equal(tf.memory().numTensors, before, `${method.name} leaked tensors`);
        assert.deepEqual([...batchResult.map.shape], expectedShape(method, 3));
        assertFinite(batchResult, method.name);
        weightSnapshot(model).forEach((w, i) => assert.deepEqual(w, weights[i], `${method.name} changed weight ${i}`));
        assert.equal(batchResult.meta.method, method.name);
      });

      test('a batch equals the per-sample calls', async () => {
        for (let i = 0; i < 3; i++) {
          const single = tf.slice(images, [i, 0, 0, 0], [1, -1, -1, -1]);
          const alone = await method.run(model, single, options);
          single.dispose();
          assertClose(alone.map.data, sampleOf(batchResult.map, i).data, {
            atol: 1e-5,
            rtol: 1e-3,
            message: `${method.name} sample ${i} (random draws must depend on the seed only, not on the batch)`,
          });
        }
      });

      test('the same result on the wasm engine as on cpu', async () => {
        await setupBackend({ backend: 'wasm' });
        try {
          const before = tf.memory().numTensors;
          const onWasm = await method.run(model, images, options);
          assert.equal(tf.memory().numTensors, before, `${method.name} leaked tensors on wasm`);
          assertClose(onWasm.map.data, batchResult.map.data, { atol: 1e-5, rtol: 2e-3, message: `${method.name} wasm vs cpu` });
        } finally {
          await useCpu();
        }
      });

      test(method.takesFunctionModel ? 'a function model (fixed batch 1) wrapping the model gives its maps' : 'refuses a function model', async () => {
        const calls: number[] = [];
        const wrapped = wrapModel(model, 1, calls);
        if (!method.takesFunctionModel) {
          await assert.rejects(method.run(wrapped, images, options), /needs a TF\.js model/);
          return;
        }
        const before = tf.memory().numTensors;
        const [viaFunction, viaModel] = [await method.run(wrapped, images, { ...options, softmax: 'keep' }), await method.run(model, images, { ...options, softmax: 'keep' })];
        assert.equal(tf.memory().numTensors, before, `${method.name} leaked tensors with a function model`);
        assert.ok(calls.length > 0 && calls.every((rows) => rows === 1), 'every call took one row');
        assertClose(viaFunction.map.data, viaModel.map.data, { atol: 1e-6, rtol: 1e-4, message: `${method.name} function model vs TF.js model` });
        assert.deepEqual(viaFunction.meta.scores, viaModel.meta.scores);
      });

      test('deterministic for the same options', async () => {
        const again = await method.run(model, images, options);
        assertClose(again.map.data, batchResult.map.data, { atol: 0, rtol: 0, message: method.name });
      });
    });
  }
});
