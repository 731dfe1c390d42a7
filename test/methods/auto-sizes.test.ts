// Size-aware defaults of the perturbation methods: a 224x224 input costs hundreds of model
// evaluations, not tens of thousands (occlusion took 44,100 with window 15 stride 1, feature
// ablation 150,528 with one feature per value), and every registry entry estimates its evaluations.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { featureAblation, getMethod, METHODS, occlusion } from '../../src/index.ts';
import { autoPatchSize, autoRiseMasks, autoSobolDesigns, autoStride, autoWindow } from '../../src/methods/perturbation/auto-sizes.ts';
import { useCpu } from '../support/backend.ts';
import { withoutLeaks } from '../support/tensors.ts';
import { sumModel } from './linear-models.ts';

before(useCpu);

describe("'auto' sizes", () => {
  test('the rules: 1/8 of the shorter side for windows, half the window for strides, 1/16 for patches above 1024 values', () => {
    assert.equal(autoWindow([224, 224, 3]), 28);
    assert.equal(autoWindow([28, 28, 1]), 4);
    assert.equal(autoWindow([3, 3, 1]), 1);
    assert.equal(autoWindow([10]), 1);
    assert.deepEqual(autoStride([28, 28, 3]), [14, 14, 2]);
    assert.deepEqual(autoStride([1, 1]), [1, 1]);
    assert.equal(autoPatchSize([224, 224, 3]), 14);
    assert.equal(autoPatchSize([28, 28, 1]), undefined);
    assert.equal(autoPatchSize([4000]), undefined);
  });

  test('224x224: occlusion makes 225 window evaluations and feature ablation 256, by default', async () => {
    const model = sumModel([224, 224, 3]);
    const x = tf.ones([1, 224, 224, 3]);
    const occluded = await withoutLeaks(() => occlusion(model, x, { target: 0 }));
    assert.deepEqual(occluded.meta.extra?.['evaluations'], [225]);
    assert.deepEqual(occluded.meta.extra?.['window'], [[28, 28, 3]]);
    assert.deepEqual(occluded.meta.extra?.['stride'], [[14, 14, 2]]);
    assert.equal(occluded.map.data.filter((v) => v === 0).length, 0, 'every value covered');
    const ablated = await withoutLeaks(() => featureAblation(model, x, { target: 0 }));
    assert.deepEqual(ablated.meta.extra?.['evaluations'], [256]);
    assert.equal(ablated.meta.extra?.['features'], 'patches of 14');
    x.dispose();
    model.dispose();
  });

  test("small inputs keep Captum's defaults: each value its own feature; 'each' asks for it on any input", async () => {
    const model = sumModel([4, 4, 2]);
    const x = tf.ones([1, 4, 4, 2]);
    const ablated = await featureAblation(model, x, { target: 0 });
    assert.deepEqual(ablated.meta.extra?.['evaluations'], [32]);
    assert.equal(getMethod('feature-ablation').estimateEvaluations([[224, 224, 3]], { patchSize: 'each' }), 224 * 224 * 3 + 1);
    x.dispose();
  });

  test("sampling counts: RISE's 4000 masks and Sobol's 32 designs up to 64x64 positions, scaled down above", () => {
    assert.equal(autoRiseMasks([[28, 28, 1]]), 4000);
    assert.equal(autoRiseMasks([[64, 64, 3]]), 4000);
    assert.equal(autoRiseMasks([[128, 128, 3]]), 1000);
    assert.equal(autoRiseMasks([[96, 96, 3]]), Math.round((4000 * 4096) / (96 * 96)));
    assert.equal(autoRiseMasks([[224, 224, 3]]), 500, 'the floor');
    assert.equal(autoRiseMasks([[8, 8, 1], [224, 224, 3]]), 500, 'the largest input decides');
    assert.deepEqual([autoSobolDesigns([[28, 28, 1]]), autoSobolDesigns([[65, 65, 3]]), autoSobolDesigns([[224, 224, 3]])], [32, 16, 16]);
    const at224 = (method: string) => getMethod(method).estimateEvaluations([[224, 224, 3]]);
    assert.deepEqual(
      ['rise', 'sobol', 'hsic', 'kernel-shap', 'lime', 'shapley-sampling', 'occlusion', 'feature-ablation'].map(at224),
      [501, 16 * 65 + 1, 501, 385, 385, 8 * 63 + 2, 226, 257],
    );
    assert.deepEqual([getMethod('rise').estimateEvaluations([[28, 28, 1]]), getMethod('sobol').estimateEvaluations([[28, 28, 1]])], [4001, 32 * 65 + 1]);
    assert.equal(getMethod('rise').estimateEvaluations([[224, 224, 3]], { masks: '64' }), 65);
  });

  test('the schemas declare the defaults as auto, so the CLI and the explorer show them', () => {
    const spec = (method: string, name: string) => getMethod(method).options.find((o) => o.name === name);
    assert.equal(spec('occlusion', 'window')?.default, 'auto');
    assert.equal(spec('occlusion', 'stride')?.default, 'auto');
    assert.equal(spec('feature-ablation', 'patchSize')?.default, 'auto');
    assert.equal(spec('rise', 'masks')?.default, 'auto');
    assert.equal(spec('sobol', 'designs')?.default, 'auto');
    assert.deepEqual(getMethod('occlusion').parse({ window: 'auto', stride: '3' }), { window: 'auto', stride: 3 });
    assert.deepEqual(getMethod('feature-ablation').parse({ patchSize: 'each' }), { patchSize: 'each' });
    assert.throws(() => getMethod('feature-ablation').parse({ patchSize: 'big' }), /patchSize: got "big"; expected 'auto', 'each' or an integer from 1 to 4096/);
  });
});

describe('estimated model evaluations', () => {
  const shape = [6, 6, 2];
  const model = sumModel(shape);
  const x = tf.tensor(Array.from({ length: 72 }, (_, i) => Math.sin(i)), [1, ...shape]);

  for (const [method, options] of [
    ['occlusion', {}],
    ['occlusion', { window: 4, stride: 3 }],
    ['feature-ablation', {}],
    ['feature-ablation', { patchSize: 4 }],
    ['rise', { masks: 17 }],
  ] as const) {
    test(`${method} ${JSON.stringify(options)}: the estimate is what the run made`, async () => {
      const definition = getMethod(method);
      const result = await definition.run(model, x, { target: 0, ...options });
      const made = (result.meta.extra?.['evaluations'] as number[] | undefined)?.[0] ?? (options as { masks?: number }).masks;
      assert.equal(definition.estimateEvaluations([shape], options), (made as number) + 1);
    });
  }

  test('every registry entry answers; Score-CAM and Ablation-CAM depend on the model (one run per channel)', () => {
    for (const m of METHODS) {
      const estimate = m.estimateEvaluations([[224, 224, 3]]);
      if (m.name === 'score-cam' || m.name === 'ablation-cam') assert.equal(estimate, undefined);
      else assert.ok(typeof estimate === 'number' && estimate >= 1 && estimate < 5000, `${m.name}: ${estimate}`);
    }
    assert.equal(getMethod('integrated-gradients').estimateEvaluations([[8, 8, 3]], { steps: '20' }), 22);
    assert.equal(getMethod('smoothgrad').estimateEvaluations([[8, 8, 3]], { samples: 10 }), 11);
    assert.equal(getMethod('smoothgrad').estimateEvaluations([[8, 8, 3]], { samples: 10, method: 'integrated-gradients', steps: 5 }), 71);
  });
});
