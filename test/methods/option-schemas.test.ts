// One table over every registered method's option schema: values below min, above max and of the
// wrong type are refused with the same SaliencyError whether the method is called (a) as a typed
// function, (b) through the registry, (c) through the CLI's option parsing or (d) through the
// explorer's worker; and the declared defaults are what each method uses.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  METHODS, SaliencyError, blurIg, deconvnet, featureAblation, getMethod, gradCam, gradCamPlusPlus, gradientShap, guidedBackprop,
  kernelShap, lime, shapleySampling, sobol, hsic, hiResCam, xGradCam, eigenCam, ablationCam, guidedIntegratedGradients,
  guidedGradCam, inputXGradient, integratedGradients, layerCam, noiseTunnel, occlusion, rise, saliency, scoreCam, xrai,
  deepLift, deepLiftShap, lrp,
  type Attribution, type ExplainableModel, type ModelInput, type OptionDeclaration,
} from '../../src/index.ts';
import { methodCall } from '../../src/cli/explain-request.ts';
import { runMethod } from '../../web/src/worker/methods.ts';
import type { LoadedModel } from '../../web/src/worker/load-model.ts';
import { useCpu } from '../support/backend.ts';
import { tinyCnn, tinyImages } from '../support/models.ts';

type Typed = (model: ExplainableModel, input: ModelInput, options: Record<string, unknown>) => Promise<Attribution>;
const tunnel = (type: 'smoothgrad' | 'smoothgrad_sq' | 'vargrad'): Typed => (m, i, o) => noiseTunnel(m, i, { ...o, type });

/** The typed function of every registered method (a new method fails the coverage test until it is added). */
const TYPED: Readonly<Record<string, Typed>> = {
  saliency, 'input-x-gradient': inputXGradient, 'integrated-gradients': integratedGradients, 'gradient-shap': gradientShap,
  'blur-ig': blurIg, 'guided-backprop': guidedBackprop, deconvnet, smoothgrad: tunnel('smoothgrad'),
  'smoothgrad-sq': tunnel('smoothgrad_sq'), vargrad: tunnel('vargrad'), occlusion, rise, 'feature-ablation': featureAblation,
  'grad-cam': gradCam, 'grad-cam-plus-plus': gradCamPlusPlus, 'layer-cam': layerCam, 'score-cam': scoreCam,
  'kernel-shap': kernelShap, lime, 'shapley-sampling': shapleySampling, sobol, hsic,
  'guided-grad-cam': guidedGradCam, xrai, 'hires-cam': hiResCam, 'xgrad-cam': xGradCam, 'eigen-cam': eigenCam, 'ablation-cam': ablationCam, 'guided-ig': guidedIntegratedGradients,
  'deep-lift': deepLift, 'deep-lift-shap': deepLiftShap, lrp,
} as Record<string, Typed>;

/** Options with no text form (tensors, lists, objects): a wrong value for the typed and registry paths. */
const NO_TEXT_FORM: Readonly<Record<string, unknown>> = { baselines: 'abc', featureMask: 'abc' };

/** One bad value: `value` for the typed, registry and explorer paths; `text` what a command line would say (none: it cannot). */
interface BadValue {
  readonly what: string;
  readonly value: unknown;
  readonly text?: string;
}

/** The bad values of one declaration, from its text form: below min, above max, wrong type. */
function badValues(name: string, d: OptionDeclaration): BadValue[] {
  const form = d.form;
  if (!form) return [{ what: 'wrong type', value: NO_TEXT_FORM[name] }];
  const cases: BadValue[] = [];
  const both = (what: string, value: number | string) => cases.push({ what, value, text: String(value) });
  switch (form.kind) {
    case 'integer':
    case 'number':
      if (form.min !== undefined) both('below min', form.min - 1);
      if (form.max !== undefined) both('above max', form.max + 1);
      if (form.kind === 'integer') both('not an integer', 2.5);
      both('wrong type', 'abc');
      break;
    case 'boolean':
      both('wrong type', 'maybe');
      break;
    case 'choice':
      both('not a choice', 'no-such-choice');
      break;
    case 'layer':
    case 'string':
      both('empty', '');
      cases.push({ what: 'wrong type', value: true });
      break;
  }
  return cases;
}

async function rejection(run: () => Promise<unknown> | unknown): Promise<SaliencyError> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof SaliencyError, `expected a SaliencyError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to be refused');
}

before(useCpu);

describe('option schemas', () => {
  const model = tinyCnn();
  const images = tinyImages(1);
  const sample = { data: tf.tidy(() => images.dataSync() as Float32Array), shape: [8, 8, 3] };
  const loaded = { model, info: {} } as unknown as LoadedModel;

  test('every registered method has its typed function here and a schema with a doc per option', () => {
    assert.deepEqual(Object.keys(TYPED).sort(), METHODS.map((m) => m.name).sort());
    for (const method of METHODS) {
      for (const [name, d] of Object.entries(method.schema)) {
        assert.ok(d.doc.length > 0, `${method.name}.${name} has no doc`);
        if (!d.form) assert.ok(name in NO_TEXT_FORM, `${method.name}.${name} has no text form and no bad value in NO_TEXT_FORM`);
      }
    }
  });

  for (const method of METHODS) {
    const typed = TYPED[method.name] as Typed;
    for (const [name, declaration] of Object.entries(method.schema)) {
      for (const bad of badValues(name, declaration)) {
        test(`${method.name}.${name}: ${bad.what} (${JSON.stringify(bad.value)}) is refused alike on every path`, async () => {
          const before = tf.memory().numTensors;
          const direct = await rejection(() => typed(model, images, { [name]: bad.value, target: 1 }));
          assert.equal(direct.code, 'INVALID_ARGUMENT');
          assert.equal(direct.argument, name);
          assert.match(direct.message, new RegExp(`^${name}: got .+; expected .+`));
          const form = declaration.form;
          if (bad.what === 'below min' || bad.what === 'above max') {
            assert.ok(direct.message.includes(`${form?.min}`) && (form?.max === undefined || direct.message.includes(`${form.max}`)), direct.message);
          }
          const registry = await rejection(() => getMethod(method.name).run(model, images, { [name]: bad.value, target: 1 }));
          assert.equal(registry.message, direct.message, 'registry');
          if (bad.text !== undefined) {
            const cli = await rejection(() => methodCall({ method: method.name, option: { [name]: bad.text as string } }));
            assert.equal(cli.message, direct.message, 'CLI --option');
          }
          if (form && bad.value !== '') {
            const call = { method: method.name, options: { [name]: bad.value as string } };
            const explorer = await rejection(() => runMethod(loaded, sample, { class: 1 }, call, () => undefined, new AbortController().signal));
            assert.equal(explorer.message, direct.message, 'explorer worker');
          }
          assert.equal(tf.memory().numTensors, before, 'leaked tensors');
        });
      }
    }
  }

  /** Applied to all three runs below where a default is slow on this machine (RISE scores 4000 masks per run). */
  const SMALLER: Readonly<Record<string, Readonly<Record<string, unknown>>>> = { rise: { masks: 16 } };

  for (const method of METHODS) {
    test(`${method.name}: the declared defaults are the ones it uses`, async () => {
      assert.ok(Object.isFrozen(method.defaults));
      for (const [name, d] of Object.entries(method.schema)) {
        if (d.default === undefined) assert.ok(!(name in method.defaults), `${method.name}.${name}`);
        else assert.equal((method.defaults as Record<string, unknown>)[name], d.default, `${method.name}.${name}`);
        const shown = method.options.find((o) => o.name === name);
        if (shown && typeof d.default !== 'object') assert.equal(shown.default, d.default ?? null, `${method.name}.${name} as the CLI shows it`);
      }
      const smaller = { ...SMALLER[method.name], target: 1 };
      const implicit = await getMethod(method.name).run(model, images, smaller);
      const spelled = await getMethod(method.name).run(model, images, { ...method.defaults, ...smaller });
      const typed = await (TYPED[method.name] as Typed)(model, images, { ...method.defaults, ...smaller });
      assert.deepEqual(spelled.map, implicit.map);
      assert.deepEqual(typed.map, implicit.map);
    });
  }
});
