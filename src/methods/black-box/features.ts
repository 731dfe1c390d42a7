/**
 * The features every black-box method switches on and off: the one feature-mask machinery of
 * KernelSHAP, LIME, Shapley value sampling, feature permutation, Sobol and HSIC (and feature
 * ablation's groups, which it reuses). A feature is a set of input values with one integer id: a cell
 * of a grid (default), a superpixel from a segmenter, or any user mask (Captum's feature_mask).
 */
import { SaliencyError, check } from '../../core/errors.ts';
import { superpixelSegmenter } from '../../image/segmentation/segmenter.ts';
import type { InputValue } from '../../core/input.ts';
import { sizeOf, type NdArray } from '../../core/ndarray.ts';
import { describeForm, rejectOption } from '../options.ts';
import { defineSchema, option, type ResolvedOptions } from '../schema.ts';
import { inputValuesOption } from '../shared-options.ts';
import type { InputData } from '../perturbation/evaluate.ts';
import { resolveFeatureGroups, type SampleGroups } from '../perturbation/feature-groups.ts';

/**
 * Cuts one image sample ([height, width, channels], row-major) into about `segments` regions:
 * returns a region id per pixel (height * width integers). SLIC or Felzenszwalb superpixels, or any
 * function of the pixels.
 */
export type Segmenter = (image: NdArray, segments: number) => Int32Array | readonly number[];

/**
 * The segmenters `features` names. 'superpixels' is filled in by the superpixel segmentation
 * (SLIC, src/image/segmentation/); other names are refused with the valid ones.
 */
export const SEGMENTERS: Readonly<Record<string, Segmenter>> = Object.freeze({ superpixels: superpixelSegmenter });

/** What `features` takes: 'grid', 'superpixels' (a registered segmenter) or a {@link Segmenter}. */
export type FeatureKind = 'grid' | 'superpixels' | Segmenter;

const FEATURES_FORM = { kind: 'choice', choices: ['grid', 'superpixels'] } as const;

/** The feature options of every black-box method, declared once (see methods/schema.ts). */
export const featureSchema = defineSchema({
  /**
   * How features are cut without a mask: 'grid' (a gridSize x gridSize grid of cells, all channels),
   * 'superpixels' (about gridSize^2 superpixels per image) or a {@link Segmenter} function. Default 'grid'.
   */
  features: option.custom<FeatureKind, 'grid'>({
    doc: "How features are cut without a mask: 'grid' (gridSize x gridSize cells) or 'superpixels' (about gridSize^2 regions).",
    default: 'grid',
    form: FEATURES_FORM,
    check: (value, name) => (value === 'grid' || value === 'superpixels' || typeof value === 'function' ? (value as FeatureKind) : rejectOption(name, value, `${describeForm(FEATURES_FORM)} or a segmenter function`)),
  }),
  /** Grid cells per spatial axis (8: 64 features, Xplique's grid_size); superpixels aim at gridSize^2 regions. Default 8. */
  gridSize: option.integer({ default: 8, min: 1, max: 64, doc: 'Grid cells per spatial axis (superpixels: about gridSize^2 regions).' }),
  /**
   * Integer feature ids per model input (Captum's feature_mask): values with the same id are one
   * feature, also across inputs. Shaped like one sample, [1, ...sample] or [N, ...sample], each
   * optionally without the channel axis. Default: none (features from `features`).
   */
  featureMask: inputValuesOption('Integer feature ids per model input; values with the same id are one feature.'),
});

/** The feature options once resolved. */
export type FeatureSettings = ResolvedOptions<typeof featureSchema>;

/** The features of every sample, and a description for the metadata. */
export interface ResolvedFeatures {
  readonly groups: SampleGroups[];
  readonly description: string;
}

/** Cuts every sample into features as `settings` ask. */
export async function resolveFeatures(inputs: InputData, settings: FeatureSettings): Promise<ResolvedFeatures> {
  const { featureMask, features, gridSize } = settings;
  if (featureMask !== undefined) return { groups: await resolveFeatureGroups(inputs, featureMask, {}), description: 'given mask' };
  if (features === 'grid') return { groups: await resolveFeatureGroups(inputs, undefined, { gridCells: gridSize }), description: `grid of ${gridSize} cells per axis` };
  const segment = typeof features === 'function' ? features : SEGMENTERS[features];
  if (segment === undefined) {
    throw new SaliencyError('INVALID_ARGUMENT', `features: no '${features}' segmenter in this build; use 'grid', pass a segmenter function, or give a featureMask`, 'features');
  }
  return { groups: await resolveFeatureGroups(inputs, segmentMasks(inputs, segment, gridSize * gridSize), {}), description: typeof features === 'function' ? 'segmenter function' : features };
}

/** One mask per model input ([N, ...spatial], ids offset so inputs never share one) from a segmenter. */
function segmentMasks(inputs: InputData, segment: Segmenter, segments: number): InputValue[] {
  let offset = 0;
  return inputs.shapes.map((shape, i) => {
    check(shape.length === 3, 'features', `a segmenter cuts images [height, width, channels]; input ${i} has sample shape [${shape}]`);
    const spatial = shape.slice(0, 2);
    const size = sizeOf(shape);
    const out = new Float32Array(inputs.batchSize * sizeOf(spatial));
    let top = 0;
    for (let n = 0; n < inputs.batchSize; n++) {
      const ids = segment({ data: (inputs.values[i] as Float32Array).subarray(n * size, (n + 1) * size), shape }, segments);
      check(ids.length === sizeOf(spatial), 'features', `the segmenter returned ${ids.length} ids for ${sizeOf(spatial)} pixels`);
      for (let p = 0; p < ids.length; p++) {
        const id = ids[p] as number;
        check(Number.isInteger(id) && id >= 0, 'features', `the segmenter returned id ${id}; expected non-negative integers`);
        out[n * ids.length + p] = id + offset;
        top = Math.max(top, id + 1);
      }
    }
    offset += top;
    return { data: out, shape: [inputs.batchSize, ...spatial] };
  });
}
