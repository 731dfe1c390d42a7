/**
 * HSIC attribution (Novello et al. 2022, "Making Sense of Dependence") as Xplique's
 * HsicAttributionMethod: binary quasi-Monte-Carlo masks (a rounded Sobol' sequence, one dimension per
 * feature, rounded half to even as tf.round), copies that keep the features a mask keeps, and per feature the Hilbert-Schmidt
 * independence criterion between the mask bit and the score: HSIC_i = tr(K_i H L H) / N with the
 * binary kernel K_i = 1 + (1/2 - (z_i - z_i')^2), the Gaussian kernel L of width median(y) on the
 * scores, and H the centring matrix. Deterministic.
 */
import type { AnyModel } from '../../core/function-model.ts';
import type { ModelInput } from '../../core/input.ts';
import type { Attribution } from '../../core/result.ts';
import { defineMethod } from '../definition.ts';
import { defineSchema, option, resolveOptions, type SchemaOptions } from '../schema.ts';
import { perturbationSchema, type PerturbationOptions } from '../perturbation/explain-by-perturbation.ts';
import { explainByFeatures } from './explain-by-features.ts';
import { featureSchema } from './features.ts';
import { sobolPoints } from './sobol-sequence.ts';

/** The options of {@link hsic}, declared once (see methods/schema.ts). */
export const hsicSchema = defineSchema({
  ...featureSchema,
  /** Binary masks scored per sample. Default 500 (Xplique's nb_design). */
  designs: option.integer({ default: 500, min: 2, max: 100000, doc: 'Binary quasi-Monte-Carlo masks scored per sample.' }),
  ...perturbationSchema,
});

/** Options of {@link hsic}. */
export interface HsicOptions extends PerturbationOptions, SchemaOptions<typeof hsicSchema> {}

/** The median of `values` (linear interpolation, tfp.stats.percentile(…, 50)). */
function median(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  const middle = (sorted.length - 1) / 2;
  return ((sorted[Math.floor(middle)] as number) + (sorted[Math.ceil(middle)] as number)) / 2;
}

/**
 * HSIC of each of `features` binary mask bits (`masks`, N x M row-major) with the scores `y` (N).
 * The kernel width is median(y) as Xplique's; when it is 0 the scores' standard deviation, and when
 * that is 0 too every index is 0 (the score does not change).
 */
export function hsicIndices(masks: ArrayLike<number>, y: ArrayLike<number>, features: number): Float64Array {
  const n = y.length;
  let width = median(y);
  if (width === 0 || !Number.isFinite(width)) {
    const mean = Array.from(y).reduce((s, v) => s + v, 0) / n;
    width = Math.sqrt(Array.from(y).reduce((s, v) => s + (v - mean) ** 2, 0) / n);
  }
  if (width === 0 || !Number.isFinite(width)) return new Float64Array(features);
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) l[j * n + k] = Math.exp(-(((y[j] as number) - (y[k] as number)) ** 2) / (2 * width * width));
  const rows = new Float64Array(n);
  for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) rows[j] = (rows[j] as number) + (l[j * n + k] as number) / n;
  const total = rows.reduce((s, v) => s + v, 0) / n;
  for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) l[j * n + k] = (l[j * n + k] as number) - (rows[j] as number) - (rows[k] as number) + total;
  let all = 0;
  for (let p = 0; p < n * n; p++) all += l[p] as number;
  return Float64Array.from({ length: features }, (_, i) => {
    let same = 0;
    for (let j = 0; j < n; j++) {
      const bit = masks[j * features + i];
      for (let k = 0; k < n; k++) if (masks[k * features + i] === bit) same += l[j * n + k] as number;
    }
    return (0.5 * all + same) / n;
  });
}

/**
 * HSIC attribution maps, one per model input in the input's shape: each value carries its feature's
 * HSIC with the score (features: Xplique's 8x8 grid, superpixels or `featureMask`). Works on TF.js
 * and function models.
 */
export async function hsic(model: AnyModel, input: ModelInput, options: HsicOptions = {}): Promise<Attribution> {
  const settings = { ...options, ...resolveOptions(hsicSchema, options, 'hsic') };
  const n = settings.designs;
  return explainByFeatures(
    model,
    input,
    settings,
    'hsic',
    (features) => {
      const masks = sobolPoints(features, n).map((v) => (v === 0.5 ? 0 : Math.round(v)));
      return {
        count: n,
        coalition: (index) => masks.subarray(index * features, (index + 1) * features),
        attribute: (scores) => hsicIndices(masks, scores, features),
      };
    },
    { designs: n, sampler: "binary Sobol' sequence (rounded)", kernels: 'binary (masks), Gaussian of width median(score) (scores)' },
  );
}

/** Registry entry of {@link hsic}. */
export const hsicMethod = defineMethod(
  {
    name: 'hsic',
    evaluations: (_, options) => resolveOptions(hsicSchema, options, 'hsic').designs + 1,
    title: 'HSIC attribution',
    family: 'perturbation',
    summary: 'The dependence (Hilbert-Schmidt independence criterion) between keeping each feature and the score, over binary quasi-Monte-Carlo masks (Novello et al. 2022).',
    mapShape: 'input',
    randomized: false,
    needsSpatialLayer: false,
    takesBackpropModifier: false,
    takesFunctionModel: true,
  },
  hsicSchema,
  hsic,
);
