/**
 * Feature permutation (Breiman 2001; Captum's FeaturePermutation): for each feature, shuffle its
 * values across the samples of the batch (a random permutation other than the identity) and take
 * the score drop f(x) - f(x with the feature taken from another sample). It needs a batch of at
 * least two samples and a sample's result depends on the others, so it is a library function and not
 * a registry method (the registry's methods give each sample the result it gets alone).
 */
import { SaliencyError, check } from '../../core/errors.ts';
import type { AnyModel } from '../../core/function-model.ts';
import type { ModelInput } from '../../core/input.ts';
import { sizeOf } from '../../core/ndarray.ts';
import { seededRandom, shuffleInPlace } from '../../core/random.ts';
import type { Attribution } from '../../core/result.ts';
import { defineSchema, option, resolveOptions, type SchemaOptions } from '../schema.ts';
import { explainByPerturbation, perturbationSchema, type PerturbationOptions } from '../perturbation/explain-by-perturbation.ts';
import { spreadToInputs, type SampleGroups } from '../perturbation/feature-groups.ts';
import { featureSchema, resolveFeatures } from './features.ts';

/** The options of {@link featurePermutation}, declared once (see methods/schema.ts). */
export const featurePermutationSchema = defineSchema({
  ...featureSchema,
  /** Seed of the permutations. Default 0. */
  seed: option.integer({ default: 0, doc: 'Seed of the permutations of the batch.' }),
  ...perturbationSchema,
});

/** Options of {@link featurePermutation}. */
export interface FeaturePermutationOptions extends PerturbationOptions, SchemaOptions<typeof featurePermutationSchema> {}

/**
 * Feature-permutation maps, one per model input in the input's shape: each value carries the score
 * drop when its feature is taken from another sample of the batch. The batch needs two samples or
 * more and the same feature ids in every sample. The baseline option is not used. Seeded.
 */
export async function featurePermutation(model: AnyModel, input: ModelInput, options: FeaturePermutationOptions = {}): Promise<Attribution> {
  const settings = { ...options, ...resolveOptions(featurePermutationSchema, options, 'feature-permutation') };
  return explainByPerturbation(model, input, settings, 'feature-permutation', async (_, inputs) => {
    if (inputs.batchSize < 2) throw new SaliencyError('INPUT_SHAPE', 'input: feature permutation shuffles features across the batch; give at least 2 samples', 'input');
    const { groups, description } = await resolveFeatures(inputs, settings);
    const first = groups[0] as SampleGroups;
    check(groups.every((g) => g.ids.join() === first.ids.join()), 'featureMask', 'feature permutation needs the same feature ids in every sample');
    const random = seededRandom(settings.seed);
    const permutations = first.ids.map(() => derangedPermutation(inputs.batchSize, random));
    const sizes = inputs.shapes.map((s) => sizeOf(s));
    return {
      set: {
        count: () => first.ids.length,
        apply: (sample, g, rows) => {
          const source = (permutations[g] as Int32Array)[sample] as number;
          (groups[sample] as SampleGroups).members.forEach(({ positions, starts }, i) => {
            const values = inputs.values[i] as Float32Array;
            const row = rows[i] as Float32Array;
            for (let k = starts[g] as number; k < (starts[g + 1] as number); k++) row[positions[k] as number] = values[source * (sizes[i] as number) + (positions[k] as number)] as number;
          });
        },
      },
      combine: (scores) => spreadToInputs(inputs, groups, scores.perturbed.map((s, n) => s.map((v) => (scores.original[n] as number) - v))),
      extra: { features: description, featureCount: first.ids.length, seed: settings.seed },
    };
  });
}

/** A uniform random permutation of 0..n-1 other than the identity (Captum redraws the identity). */
function derangedPermutation(n: number, random: () => number): Int32Array {
  for (;;) {
    const p = shuffleInPlace(Int32Array.from({ length: n }, (_, i) => i), random);
    if (p.some((v, i) => v !== i)) return p;
  }
}
