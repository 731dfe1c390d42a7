/**
 * Feature ablation (Captum's FeatureAblation): replace each feature group by the baseline, one
 * group at a time; every value of a group gets the score drop f(x) - f(x without the group).
 */
import type { ModelInput } from '../../core/input.ts';
import { sizeOf } from '../../core/ndarray.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import type { Attribution } from '../../core/result.ts';
import { defineMethod } from '../definition.ts';
import { defineSchema, option, resolveOptions, type SchemaOptions } from '../schema.ts';
import { inputValuesOption } from '../shared-options.ts';
import { explainByPerturbation, perturbationSchema, type PerturbationOptions } from './explain-by-perturbation.ts';
import { resolveFeatureGroups } from './feature-groups.ts';

/** The options of {@link featureAblation}, declared once (see methods/schema.ts): its features and those of every perturbation method. */
export const featureAblationSchema = defineSchema({
  /** Without a mask: features are square patches of this many positions per spatial axis, all channels. Default: none. */
  patchSize: option.integer({ min: 1, max: 4096, doc: 'Features are square patches of this size (all channels); none: each value is a feature.' }),
  /**
   * Integer feature ids, per model input (a list for multi-input models): values with the same id
   * are removed together, also across inputs. Shaped like one sample, [1, ...sample] or
   * [N, ...sample] (one mask per sample, e.g. superpixels), each optionally without the channel
   * axis (all channels share the id). Default: each value is its own feature (Captum), unless
   * `patchSize` is given.
   */
  featureMask: inputValuesOption('Integer feature ids per model input; values with the same id are removed together.'),
  ...perturbationSchema,
});

/** Options of {@link featureAblation}. */
export interface FeatureAblationOptions extends PerturbationOptions, SchemaOptions<typeof featureAblationSchema> {}

/** Feature-ablation maps, one per model input in the input's shape. Deterministic. */
export async function featureAblation(
  model: ExplainableModel | ModelAdapter,
  input: ModelInput,
  options: FeatureAblationOptions = {},
): Promise<Attribution> {
  const settings = { ...options, ...resolveOptions(featureAblationSchema, options, 'feature-ablation') };
  const { featureMask, patchSize } = settings;
  return explainByPerturbation(model, input, settings, 'feature-ablation', async (_, inputs) => {
    const resolved = await resolveFeatureGroups(inputs, featureMask, patchSize === undefined ? {} : { patchSize });
    return {
      set: {
        count: (sample) => resolved[sample]?.ids.length ?? 0,
        apply: (sample, group, rows, baselines) => {
          resolved[sample]?.members.forEach(({ positions, starts }, i) => {
            const row = rows[i] as Float32Array;
            const base = baselines[i] as Float32Array;
            for (let k = starts[group] as number; k < (starts[group + 1] as number); k++) {
              const p = positions[k] as number;
              row[p] = base[p] as number;
            }
          });
        },
      },
      combine: (scores) =>
        inputs.shapes.map((shape, i) => {
          const size = sizeOf(shape);
          const data = new Float32Array(inputs.batchSize * size);
          resolved.forEach((sample, n) => {
            const drops = (scores.perturbed[n] as Float32Array).map((s) => (scores.original[n] as number) - s);
            (sample.groupOf[i] as Int32Array).forEach((g, p) => (data[n * size + p] = drops[g] as number));
          });
          return { data, shape: [inputs.batchSize, ...shape] };
        }),
      extra: { features: featureMask !== undefined ? 'given mask' : patchSize !== undefined ? `patches of ${patchSize}` : 'each value' },
    };
  });
}

/** Registry entry of {@link featureAblation}. */
export const featureAblationMethod = defineMethod(
  {
    name: 'feature-ablation',
    title: 'Feature ablation',
    family: 'perturbation',
    summary: 'How much the score drops when each feature (a patch, or a group of a mask) is replaced by the baseline.',
    mapShape: 'input',
    randomized: false,
    needsSpatialLayer: false,
    takesBackpropModifier: false,
  },
  featureAblationSchema,
  featureAblation,
);
