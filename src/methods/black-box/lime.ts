/**
 * LIME (Ribeiro et al. 2016) as Captum's Lime: coalitions keep each feature with probability 1/2,
 * each copy x' weighs exp(-d^2 / (2 kernelWidth^2)) with d the cosine distance 1 - cos(x, x') of the
 * flattened inputs (all model inputs together), and a weighted linear regression with intercept gives
 * one coefficient per feature. Captum's default surrogate is a Lasso (alpha 0.01); this one is weighted
 * least squares (optionally ridge), which the tests can check by hand.
 */
import type { AnyModel } from '../../core/function-model.ts';
import type { ModelInput } from '../../core/input.ts';
import type { RandomSource } from '../../core/random.ts';
import type { Attribution } from '../../core/result.ts';
import { defineMethod } from '../definition.ts';
import { defineSchema, option, resolveOptions, type SchemaOptions } from '../schema.ts';
import type { PerturbationOptions } from '../perturbation/explain-by-perturbation.ts';
import type { SampleView } from './explain-by-features.ts';
import { explainBySurrogate, surrogateEvaluations, type SurrogateDesign } from './surrogate.ts';
import { surrogateSchema } from './surrogate-schema.ts';

/** The options of {@link lime}, declared once (see methods/schema.ts). */
export const limeSchema = defineSchema({
  /** Width of the exponential kernel on the cosine distance. Default 1 (Captum's). */
  kernelWidth: option.number({ default: 1, min: 1e-6, max: 1e6, step: 0.05, doc: 'Width of the exponential kernel on the cosine distance.' }),
  ...surrogateSchema,
});

/** Options of {@link lime}. */
export interface LimeOptions extends PerturbationOptions, SchemaOptions<typeof limeSchema> {}

/** `count` coalitions keeping each of `features` features with probability 1/2 (Captum's default_perturb_func). */
export function drawBernoulliCoalitions(features: number, count: number, random: RandomSource): Uint8Array[] {
  return Array.from({ length: count }, () => Uint8Array.from({ length: features }, () => (random() < 0.5 ? 1 : 0)));
}

/**
 * Cosine similarity of a sample and its copy that keeps `z`, from per-feature sums (sum x^2, x b, b^2),
 * as torch's cosine_similarity (0 when either vector is zero).
 */
export function keptCosines(coalitions: readonly Uint8Array[], sample: SampleView): Float64Array {
  const groups = sample.groups.ids.length;
  const xx = new Float64Array(groups);
  const xb = new Float64Array(groups);
  const bb = new Float64Array(groups);
  sample.groups.groupOf.forEach((groupOf, i) => {
    const x = sample.values[i] as Float32Array;
    const b = sample.baselines[i] as Float32Array;
    groupOf.forEach((g, p) => {
      const xv = x[p] as number;
      const bv = b[p] as number;
      xx[g] = (xx[g] as number) + xv * xv;
      xb[g] = (xb[g] as number) + xv * bv;
      bb[g] = (bb[g] as number) + bv * bv;
    });
  });
  const norm = Math.sqrt(xx.reduce((a, v) => a + v, 0));
  return Float64Array.from(coalitions, (z) => {
    let dot = 0;
    let self = 0;
    z.forEach((keep, g) => {
      dot += keep ? (xx[g] as number) : (xb[g] as number);
      self += keep ? (xx[g] as number) : (bb[g] as number);
    });
    return dot / Math.max(norm * Math.sqrt(self), 1e-8);
  });
}

/**
 * LIME maps, one per model input in the input's shape: each value carries its feature's coefficient
 * in the weighted linear surrogate (features: a grid, superpixels or `featureMask`). Seeded; works on
 * TF.js and function models.
 */
export async function lime(model: AnyModel, input: ModelInput, options: LimeOptions = {}): Promise<Attribution> {
  const settings = { ...options, ...resolveOptions(limeSchema, options, 'lime') };
  const width = settings.kernelWidth;
  const design: SurrogateDesign = {
    draw: drawBernoulliCoalitions,
    weights: (coalitions, sample) => keptCosines(coalitions, sample).map((cos) => Math.exp(-((1 - cos) ** 2) / (2 * width * width))),
  };
  return explainBySurrogate(model, input, settings, 'lime', design);
}

/** Registry entry of {@link lime}. */
export const limeMethod = defineMethod(
  {
    name: 'lime',
    evaluations: surrogateEvaluations(limeSchema, 'lime'),
    title: 'LIME',
    family: 'perturbation',
    summary: 'Coefficients of a weighted linear model fitted to the scores of random coalitions of features, weighted by their cosine similarity to the input.',
    mapShape: 'input',
    randomized: true,
    needsSpatialLayer: false,
    takesBackpropModifier: false,
    takesFunctionModel: true,
  },
  limeSchema,
  lime,
);
