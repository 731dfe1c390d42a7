// Agreement with Captum (test/fixtures/captum-black-box.json, written by scripts/captum-black-box.py
// from Captum's own code): on a linear model KernelSHAP, LIME and Shapley sampling equal Captum's
// to float precision; on a nonlinear function of 4 features, where the two libraries' random draws
// cannot be matched, both are within sampling error of the exact Shapley values (and LIME of each
// other) with many samples.
import { before, describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { functionModel, kernelShap, lime, shapleySampling } from '../../../src/index.ts';
import { useCpu } from '../../support/backend.ts';
import { assertClose } from '../../support/assert-close.ts';
import { linearFunction } from './function-models.ts';

interface Fixture {
  linear: { weights: number[]; bias: number; input: number[]; baseline: number; featureMask: number[]; kernelShap: number[]; lime: number[]; shapleySampling: number[] };
  nonlinear: { input: number[]; exactShapley: number[]; kernelShap: number[]; shapleySampling: number[]; lime: number[] };
}
const CAPTUM = JSON.parse(readFileSync(new URL('../../fixtures/captum-black-box.json', import.meta.url), 'utf8')) as Fixture;

before(useCpu);

describe("agreement with Captum's KernelShap, Lime and ShapleyValueSampling", () => {
  test('a linear model: the same attributions to float precision', async () => {
    const { weights, bias, input, baseline, featureMask } = CAPTUM.linear;
    const model = linearFunction(weights, bias);
    const x = { data: Float32Array.from(input), shape: [input.length] };
    const options = { baseline, target: 0, featureMask: { data: Float32Array.from(featureMask), shape: [featureMask.length] } };
    assertClose((await kernelShap(model, x, { ...options, samples: 50 })).map.data, CAPTUM.linear.kernelShap, { atol: 1e-4, message: 'KernelSHAP' });
    assertClose((await lime(model, x, { ...options, samples: 50 })).map.data, CAPTUM.linear.lime, { atol: 1e-4, message: 'LIME' });
    assertClose((await shapleySampling(model, x, { ...options, permutations: 5 })).map.data, CAPTUM.linear.shapleySampling, { atol: 1e-4, message: 'Shapley sampling' });
  });

  test('x0 x1 + sin(x2) + x3^2 + 0.5 x0 x3: both near the exact Shapley values, LIME near Captum', async () => {
    const model = functionModel({
      inputShape: [4],
      outputSize: 1,
      predict: async ([rows], count) =>
        Float32Array.from({ length: count }, (_, r) => {
          const [a, b, c, d] = Array.from((rows as Float32Array).subarray(r * 4, r * 4 + 4)) as [number, number, number, number];
          return a * b + Math.sin(c) + d * d + 0.5 * a * d;
        }),
    });
    const x = { data: Float32Array.from(CAPTUM.nonlinear.input), shape: [4] };
    const exact = CAPTUM.nonlinear.exactShapley;
    assertClose(CAPTUM.nonlinear.kernelShap, exact, { atol: 0.1, message: 'Captum KernelShap vs exact' });
    assertClose((await kernelShap(model, x, { target: 0, samples: 4000, perturbationsPerEval: 500 })).map.data, exact, { atol: 0.1, message: 'KernelSHAP vs exact' });
    assertClose((await shapleySampling(model, x, { target: 0, permutations: 300 })).map.data, exact, { atol: 0.15, message: 'Shapley sampling vs exact' });
    assertClose((await lime(model, x, { target: 0, samples: 4000, perturbationsPerEval: 500 })).map.data, CAPTUM.nonlinear.lime, { atol: 0.15, message: 'LIME vs Captum Lime' });
  });
});
