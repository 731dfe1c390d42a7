/**
 * Feature ablation (Captum's FeatureAblation): replace each feature group by the baseline, one
 * group at a time; every value of a group gets the score drop f(x) - f(x without the group).
 */
import type { ModelInput } from '../../core/input.ts';
import type { AnyModel } from '../../core/function-model.ts';
import type { Attribution } from '../../core/result.ts';
import { defineMethod } from '../definition.ts';
import { defineSchema, option, resolveOptions, type SchemaOptions } from '../schema.ts';
import { inputValuesOption } from '../shared-options.ts';
import { explainByPerturbation, perturbationSchema, type PerturbationOptions } from './explain-by-perturbation.ts';
import { patchCount, resolveFeatureGroups, spreadToInputs } from './feature-groups.ts';
import { AUTO, autoPatchSize } from './auto-sizes.ts';
import { check } from '../../core/errors.ts';
import { describeForm, rejectOption } from '../options.ts';

const PATCH_FORM = { kind: 'integer', min: 1, max: 4096, step: 1 } as const;

/** feature ablation's patch size: a positive integer, 'each' (every value a feature) or 'auto' (from the input's size). */
const patchSizeOption = option.custom<number | typeof AUTO | 'each', typeof AUTO>({
  doc: "Features are square patches of this size (all channels); 'each': each value is a feature; 'auto': from the input's size.",
  default: AUTO,
  form: PATCH_FORM,
  check: (value, name) =>
    value === AUTO || value === 'each' || (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= PATCH_FORM.max)
      ? (value as number | typeof AUTO | 'each')
      : rejectOption(name, value, `'${AUTO}', 'each' or ${describeForm(PATCH_FORM)}`),
});

/** The options of {@link featureAblation}, declared once (see methods/schema.ts): its features and those of every perturbation method. */
export const featureAblationSchema = defineSchema({
  /**
   * Without a mask: features are square patches of this many positions per spatial axis, all
   * channels; 'each': every value is its own feature (Captum's default). Default 'auto': each value
   * on samples of at most 1024 values, else patches of round(shorter spatial side / 16) (14 on
   * 224x224: 256 evaluations instead of 150,528).
   */
  patchSize: patchSizeOption,
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
  model: AnyModel,
  input: ModelInput,
  options: FeatureAblationOptions = {},
): Promise<Attribution> {
  const settings = { ...options, ...resolveOptions(featureAblationSchema, options, 'feature-ablation') };
  const { featureMask } = settings;
  return explainByPerturbation(model, input, settings, 'feature-ablation', async (_, inputs) => {
    if (featureMask !== undefined) check(typeof settings.patchSize !== 'number', 'patchSize', 'give either featureMask or patchSize, not both');
    const patchSize = featureMask === undefined ? resolvePatchSize(settings.patchSize, inputs.shapes) : undefined;
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
      combine: (scores) => spreadToInputs(inputs, resolved, scores.perturbed.map((s, n) => s.map((v) => (scores.original[n] as number) - v))),
      extra: { features: featureMask !== undefined ? 'given mask' : patchSize !== undefined ? `patches of ${patchSize}` : 'each value', patchSize: patchSize ?? null },
    };
  });
}

/** The patch size features are cut in without a mask (undefined: each value), from the option and the samples' shapes. */
function resolvePatchSize(option: number | typeof AUTO | 'each', shapes: readonly (readonly number[])[]): number | undefined {
  if (option === 'each') return undefined;
  if (option !== AUTO) return option;
  const sizes = shapes.map(autoPatchSize);
  return sizes.every((s) => s !== undefined) ? Math.min(...(sizes as number[])) : undefined;
}

/**
 * Model evaluations feature ablation makes per sample of `sampleShapes` without a mask (one per
 * feature, plus the original); undefined with a mask (its ids decide).
 */
export function featureAblationEvaluations(sampleShapes: readonly (readonly number[])[], options: FeatureAblationOptions = {}): number | undefined {
  const settings = resolveOptions(featureAblationSchema, options, 'feature-ablation');
  if (settings.featureMask !== undefined) return undefined;
  const patch = resolvePatchSize(settings.patchSize, sampleShapes);
  return sampleShapes.reduce((n, shape) => n + patchCount(shape, patch), 1);
}

/** Registry entry of {@link featureAblation}. */
export const featureAblationMethod = defineMethod(
  {
    name: 'feature-ablation',
    evaluations: (shapes, options) => featureAblationEvaluations(shapes, options),
    title: 'Feature ablation',
    family: 'perturbation',
    summary: 'How much the score drops when each feature (a patch, or a group of a mask) is replaced by the baseline.',
    mapShape: 'input',
    randomized: false,
    needsSpatialLayer: false,
    takesBackpropModifier: false,
    takesFunctionModel: true,
  },
  featureAblationSchema,
  featureAblation,
);
