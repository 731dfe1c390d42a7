/**
 * The frame of every black-box method: cut each sample into features (grid, superpixels or a mask),
 * score the copies a design keeps (feature weights in [0, 1]), and turn each sample's scores into one
 * value per feature, spread back over the feature's input values. A design depends only on the number
 * of features and the options, so every sample with as many features sees the same coalitions and a
 * batch gives the per-sample results.
 */
import type { AnyModel } from '../../core/function-model.ts';
import type { ModelInput } from '../../core/input.ts';
import type { Attribution } from '../../core/result.ts';
import type { InputData } from '../perturbation/evaluate.ts';
import { explainByPerturbation, type PerturbationSettings } from '../perturbation/explain-by-perturbation.ts';
import { spreadToInputs, type SampleGroups } from '../perturbation/feature-groups.ts';
import { coalitionSet } from './coalitions.ts';
import { resolveFeatures, type FeatureSettings } from './features.ts';

/** One sample as a design's estimator may read it. */
export interface SampleView {
  readonly groups: SampleGroups;
  /** Per model input: the sample's values and its baseline values. */
  readonly values: readonly Float32Array[];
  readonly baselines: readonly Float32Array[];
  /** The score of the unperturbed sample. */
  readonly original: number;
}

/** What a method does over `features` features: its copies and how their scores become attributions. */
export interface FeatureDesign {
  /** Copies scored per sample. */
  readonly count: number;
  /** The feature weights of copy `index` (1 kept, 0 replaced by the baseline). */
  coalition(index: number): ArrayLike<number>;
  /** One attribution per feature from the copies' scores. */
  attribute(scores: Float32Array, sample: SampleView): ArrayLike<number>;
}

/** The samples' shapes (one per model input), for designs and metadata whose size-aware defaults read them. */
export type SampleShapes = readonly (readonly number[])[];

/**
 * Runs a black-box method whose copies and estimator `design` gives for each number of features (and
 * the samples' shapes); `extra` is method metadata, or a function of the shapes giving it.
 */
export function explainByFeatures(
  model: AnyModel,
  input: ModelInput,
  settings: PerturbationSettings & FeatureSettings,
  method: string,
  design: (features: number, shapes: SampleShapes) => FeatureDesign,
  extra: Readonly<Record<string, unknown>> | ((shapes: SampleShapes) => Readonly<Record<string, unknown>>) = {},
): Promise<Attribution> {
  return explainByPerturbation(model, input, settings, method, async (_, inputs, baselines) => {
    const { groups, description } = await resolveFeatures(inputs, settings);
    const designs = new Map<number, FeatureDesign>();
    const designOf = (n: number): FeatureDesign => {
      const features = (groups[n] as SampleGroups).ids.length;
      if (!designs.has(features)) designs.set(features, design(features, inputs.shapes));
      return designs.get(features) as FeatureDesign;
    };
    return {
      set: coalitionSet(groups, (n) => designOf(n).count, (n, k) => designOf(n).coalition(k)),
      combine: (scores) =>
        spreadToInputs(inputs, groups, groups.map((g, n) => designOf(n).attribute(scores.perturbed[n] as Float32Array, viewOf(inputs, baselines, g, n, scores.original[n] as number)))),
      extra: { ...(typeof extra === 'function' ? extra(inputs.shapes) : extra), features: description, featureCount: groups.map((g) => g.ids.length) },
    };
  });
}

function viewOf(inputs: InputData, baselines: readonly Float32Array[], groups: SampleGroups, n: number, original: number): SampleView {
  const slice = (values: Float32Array): Float32Array => {
    const size = values.length / inputs.batchSize;
    return values.subarray(n * size, (n + 1) * size);
  };
  return { groups, values: inputs.values.map(slice), baselines: baselines.map(slice), original };
}
