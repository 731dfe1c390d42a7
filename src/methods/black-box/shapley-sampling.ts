/**
 * Shapley value sampling (Castro et al. 2009) as Captum's ShapleyValueSampling: for random
 * permutations of the features, add them one at a time to the baseline and credit each with the score
 * it adds; a feature's attribution is its mean marginal contribution. The empty coalition is scored
 * once and each permutation's full coalition is the input itself (its score is known), so a
 * permutation costs M - 1 evaluations for M features.
 */
import type { AnyModel } from '../../core/function-model.ts';
import type { ModelInput } from '../../core/input.ts';
import { seededRandom, shuffleInPlace } from '../../core/random.ts';
import type { Attribution } from '../../core/result.ts';
import { defineMethod } from '../definition.ts';
import { defineSchema, option, resolveOptions, type SchemaOptions } from '../schema.ts';
import { perturbationSchema, type PerturbationOptions } from '../perturbation/explain-by-perturbation.ts';
import { explainByFeatures } from './explain-by-features.ts';
import { featureSchema } from './features.ts';
import { autoCountOption, estimateFeatures } from './sizes.ts';
import { resolveCount } from '../perturbation/auto-sizes.ts';

/** 'auto' permutations for M features: round(512 / M) between 1 and 25 (Captum's default), so about 512 evaluations (8 on the 8x8 grid). */
export const shapleyAutoPermutations = (features: number): number => Math.min(25, Math.max(1, Math.round(512 / Math.max(features, 1))));

/** The options of {@link shapleySampling}, declared once (see methods/schema.ts). */
export const shapleySamplingSchema = defineSchema({
  ...featureSchema,
  /** Random feature orders. Default 'auto': round(512 / features) between 1 and 25 (Captum's default is 25). */
  permutations: autoCountOption("Random feature orders; 'auto': round(512 / features), between 1 and 25.", 1, 100000),
  /** Seed of the permutations; the same seed gives the same orders for every sample. Default 0. */
  seed: option.integer({ default: 0, doc: 'Seed of the random permutations.' }),
  ...perturbationSchema,
});

/** Options of {@link shapleySampling}. */
export interface ShapleySamplingOptions extends PerturbationOptions, SchemaOptions<typeof shapleySamplingSchema> {}

/**
 * Shapley value sampling maps, one per model input in the input's shape: each value carries its
 * feature's mean marginal contribution. Exact for models additive in the features. Seeded; works on
 * TF.js and function models.
 */
export async function shapleySampling(model: AnyModel, input: ModelInput, options: ShapleySamplingOptions = {}): Promise<Attribution> {
  const settings = { ...options, ...resolveOptions(shapleySamplingSchema, options, 'shapley-sampling') };
  return explainByFeatures(
    model,
    input,
    settings,
    'shapley-sampling',
    (features) => {
      const random = seededRandom(settings.seed);
      const orders = Array.from({ length: resolveCount(settings.permutations, features, shapleyAutoPermutations) }, () =>
        shuffleInPlace(Int32Array.from({ length: features }, (_, i) => i), random),
      );
      const steps = features - 1;
      return {
        count: 1 + orders.length * steps,
        coalition: (index) => {
          const z = new Uint8Array(features);
          if (index === 0) return z;
          const order = orders[Math.floor((index - 1) / steps)] as Int32Array;
          for (let i = 0; i <= (index - 1) % steps; i++) z[order[i] as number] = 1;
          return z;
        },
        attribute: (scores, sample) => {
          const sums = new Float64Array(features);
          orders.forEach((order, o) => {
            let previous = scores[0] as number;
            for (let i = 0; i < features; i++) {
              const next = i < steps ? (scores[1 + o * steps + i] as number) : sample.original;
              sums[order[i] as number] = (sums[order[i] as number] as number) + next - previous;
              previous = next;
            }
          });
          return sums.map((s) => s / orders.length);
        },
      };
    },
    { permutations: settings.permutations, seed: settings.seed },
  );
}

/** Registry entry of {@link shapleySampling}. */
export const shapleySamplingMethod = defineMethod(
  {
    name: 'shapley-sampling',
    evaluations: (shapes, options) => {
      const settings = resolveOptions(shapleySamplingSchema, options, 'shapley-sampling');
      const features = estimateFeatures(shapes, settings);
      if (features === undefined) return undefined;
      return 1 + resolveCount(settings.permutations, features, shapleyAutoPermutations) * (features - 1) + 1;
    },
    title: 'Shapley value sampling',
    family: 'perturbation',
    summary: "Each feature's mean score gain when added to the baseline in random orders (Captum's ShapleyValueSampling).",
    mapShape: 'input',
    randomized: true,
    needsSpatialLayer: false,
    takesBackpropModifier: false,
    takesFunctionModel: true,
  },
  shapleySamplingSchema,
  shapleySampling,
);
