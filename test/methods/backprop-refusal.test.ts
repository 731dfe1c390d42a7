// Methods that take no gradients (perturbation, Score-CAM) refuse a backprop modifier with an error
// naming it, instead of ignoring it and reporting it in meta; the registry's takesBackpropModifier
// says which methods take one, and the CLI offers --backprop only to those (the explorer's controls:
// test/browser/explorer.test.ts).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  METHODS, SaliencyError, ablationCam, eigenCam, featureAblation, occlusion, rise, scoreCam, type Attribution, type BackpropModifier, type ExplainOptions,
} from '../../src/index.ts';
import { BACKPROP_MODIFIER_METHODS } from '../../src/methods/gradient-free.ts';
import { methodCall } from '../../src/cli/explain-request.ts';
import { UsageError } from '../../src/cli/errors.ts';
import { useCpu } from '../support/backend.ts';
import { GOLDEN_SETTINGS } from '../support/golden-maps.ts';
import { tinyCnn, tinyImages } from '../support/models.ts';
import { withoutLeaks } from '../support/tensors.ts';

before(useCpu);

type GradientFree = (model: tf.LayersModel, input: tf.Tensor, options: ExplainOptions & Record<string, unknown>) => Promise<Attribution>;

const GRADIENT_FREE: readonly [string, GradientFree][] = [
  ['occlusion', occlusion as GradientFree],
  ['rise', rise as GradientFree],
  ['feature-ablation', featureAblation as GradientFree],
  ['score-cam', scoreCam as GradientFree],
  ['eigen-cam', eigenCam as GradientFree],
  ['ablation-cam', ablationCam as GradientFree],
];

async function refusal(run: () => Promise<unknown>): Promise<SaliencyError> {
  const error = await run().then(
    () => assert.fail('expected the call to be refused'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof SaliencyError, `expected a SaliencyError, got ${String(error)}`);
  return error;
}

describe('a method that takes no gradients refuses backpropModifier', () => {
  const model = tinyCnn();
  const images = tinyImages(2);
  let applied = 0;
  const modifiers: readonly [string, BackpropModifier][] = [
    ["'guided'", 'guided'],
    ["'rectified'", 'rectified'],
    ['a function', (m: tf.LayersModel) => (applied++, m)],
  ];

  for (const [name, fn] of GRADIENT_FREE) {
    const fast = GOLDEN_SETTINGS[name] ?? {};
    for (const [label, backpropModifier] of modifiers) {
      test(`${name} with ${label}: INVALID_ARGUMENT naming backpropModifier and the methods that take one, no leak`, async () => {
        const error = await withoutLeaks(() => refusal(() => fn(model, images, { ...fast, target: 1, backpropModifier })));
        assert.equal(error.code, 'INVALID_ARGUMENT');
        assert.equal(error.argument, 'backpropModifier');
        assert.match(error.message, new RegExp(`^backpropModifier: ${name} uses no gradients, so a backprop modifier \\(got ${label}\\) has nothing to act on`));
        assert.match(error.message, /Methods that take one: saliency, input-x-gradient, integrated-gradients, .*grad-cam/);
      });
    }

    test(`${name} with backpropModifier null runs as without one and reports none`, async () => {
      const plain = await fn(model, images, { ...fast, target: 1 });
      const withNull = await fn(model, images, { ...fast, target: 1, backpropModifier: null });
      assert.deepEqual(withNull.map.data, plain.map.data);
      assert.equal(withNull.meta.backpropModifier, null);
    });
  }

  test('a function modifier is refused before it is applied to the model', () => {
    assert.equal(applied, 0);
  });
});

describe("the registry's takesBackpropModifier", () => {
  const model = tinyCnn();
  const images = tinyImages(1);

  test('lists exactly the methods the error message names', () => {
    assert.deepEqual(METHODS.filter((m) => m.takesBackpropModifier).map((m) => m.name), [...BACKPROP_MODIFIER_METHODS]);
    assert.deepEqual(METHODS.filter((m) => !m.takesBackpropModifier).map((m) => m.name).sort(),
      ['ablation-cam', 'deconvnet', 'deep-lift', 'deep-lift-shap', 'eigen-cam', 'feature-ablation', 'guided-backprop', 'guided-grad-cam', 'hsic', 'kernel-shap', 'lime', 'lrp', 'occlusion', 'rise', 'score-cam', 'shapley-sampling', 'sobol']);
  });

  for (const method of METHODS) {
    test(`${method.name}: ${method.takesBackpropModifier ? 'applies' : 'refuses'} backpropModifier 'guided'`, async () => {
      const options = { ...GOLDEN_SETTINGS[method.name], target: 1, backpropModifier: 'guided' };
      if (method.takesBackpropModifier) {
        const result = await method.run(model, images, options);
        assert.equal(result.meta.backpropModifier, 'guided');
      } else {
        const error = await refusal(() => method.run(model, images, options));
        assert.equal(error.argument, 'backpropModifier');
      }
    });
  }
});

describe('callers offer a backprop modifier only to methods that take one', () => {
  test('CLI: --backprop with a method that takes none is a usage error listing those that do', () => {
    for (const method of METHODS.filter((m) => !m.takesBackpropModifier)) {
      assert.throws(
        () => methodCall({ method: method.name, backprop: 'guided' }),
        (e: unknown) => e instanceof UsageError && e.message.startsWith(`--backprop: the method '${method.name}' takes no backprop modifier; methods that do: saliency, `),
      );
    }
    assert.deepEqual(methodCall({ method: 'grad-cam', backprop: 'rectified' }).options(3), { backpropModifier: 'rectified', target: 3 });
    assert.deepEqual(methodCall({ method: 'guided' }).options(3), { backpropModifier: 'guided', target: 3 });
  });
});
