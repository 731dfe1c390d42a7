/**
 * KernelSHAP (Lundberg & Lee 2017) as Captum's KernelShap: coalitions are drawn with the Shapley
 * kernel folded into the sampling (size k of M features with p(k) ∝ (M - 1) / (k (M - k)), then k
 * features uniformly), every drawn coalition weighs 1, the full and empty ones 1e6, and a weighted
 * linear regression with intercept gives one Shapley value estimate per feature.
 */
import type { AnyModel } from '../../core/function-model.ts';
import type { ModelInput } from '../../core/input.ts';
import type { RandomSource } from '../../core/random.ts';
import type { Attribution } from '../../core/result.ts';
import { defineMethod } from '../definition.ts';
import { resolveOptions, type SchemaOptions } from '../schema.ts';
import type { PerturbationOptions } from '../perturbation/explain-by-perturbation.ts';
import { explainBySurrogate, surrogateEvaluations, type SurrogateDesign } from './surrogate.ts';
import { surrogateSchema } from './surrogate-schema.ts';

/** Weight of the full and empty coalitions (Captum's inf_weight). */
export const KERNEL_SHAP_INFINITE_WEIGHT = 1e6;

/** The options of {@link kernelShap}, declared once (see methods/schema.ts): the surrogate methods' options. */
export const kernelShapSchema = surrogateSchema;

/** Options of {@link kernelShap}. */
export interface KernelShapOptions extends PerturbationOptions, SchemaOptions<typeof kernelShapSchema> {}

/** Draws KernelSHAP's coalitions: the full and the empty one first, then sizes from the Shapley kernel. */
export function drawShapleyKernelCoalitions(features: number, count: number, random: RandomSource): Uint8Array[] {
  const out = [new Uint8Array(features).fill(1), new Uint8Array(features)];
  const cumulative: number[] = [];
  let total = 0;
  for (let k = 1; k < features; k++) cumulative.push((total += (features - 1) / (k * (features - k))));
  const order = Int32Array.from({ length: features }, (_, i) => i);
  while (out.length < count && features > 1) {
    const u = random() * total;
    const size = 1 + Math.max(0, cumulative.findIndex((c) => u < c));
    for (let i = 0; i < size; i++) {
      const j = i + Math.floor(random() * (features - i));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    const z = new Uint8Array(features);
    for (let i = 0; i < size; i++) z[order[i] as number] = 1;
    out.push(z);
  }
  return out.slice(0, Math.max(count, 2));
}

const design: SurrogateDesign = {
  draw: drawShapleyKernelCoalitions,
  weights: (coalitions) =>
    Float64Array.from(coalitions, (z) => {
      const kept = z.reduce((n, v) => n + v, 0);
      return kept === 0 || kept === z.length ? KERNEL_SHAP_INFINITE_WEIGHT : 1;
    }),
};

/**
 * KernelSHAP maps, one per model input in the input's shape: each value carries its feature's
 * Shapley value estimate (features: a grid, superpixels or `featureMask`). Seeded; works on TF.js
 * and function models.
 */
export async function kernelShap(model: AnyModel, input: ModelInput, options: KernelShapOptions = {}): Promise<Attribution> {
  const settings = { ...options, ...resolveOptions(kernelShapSchema, options, 'kernel-shap') };
  return explainBySurrogate(model, input, settings, 'kernel-shap', design);
}

/** Registry entry of {@link kernelShap}. */
export const kernelShapMethod = defineMethod(
  {
    name: 'kernel-shap',
    evaluations: surrogateEvaluations(kernelShapSchema, 'kernel-shap'),
    title: 'KernelSHAP',
    family: 'perturbation',
    summary: "Shapley values of features (grid cells, superpixels or a mask) from a weighted linear fit to the scores of random coalitions (Captum's KernelShap).",
    mapShape: 'input',
    randomized: true,
    needsSpatialLayer: false,
    takesBackpropModifier: false,
    takesFunctionModel: true,
  },
  kernelShapSchema,
  kernelShap,
);
