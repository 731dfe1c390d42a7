/**
 * Sobol attribution (Fel et al. 2021, "Look at the Variance!") as Xplique's SobolAttributionMethod:
 * quasi-Monte-Carlo masks in [0, 1] per feature (a Sobol' sequence of 2M dimensions split into the
 * designs A and B, and C_i = A with feature i taken from B), copies x' = b + (x - b) m ("inpainting"
 * towards the baseline), and Jansen's estimator of each feature's total Sobol index:
 * ST_i = sum_j (f(A_j) - f(C_ij))^2 / (2 N Var f(A)). Xplique also scores B, which Jansen's estimator
 * never reads; it is not scored here. Deterministic.
 */
import type { AnyModel } from '../../core/function-model.ts';
import { check } from '../../core/errors.ts';
import type { ModelInput } from '../../core/input.ts';
import type { Attribution } from '../../core/result.ts';
import { defineMethod } from '../definition.ts';
import { defineSchema, resolveOptions, type SchemaOptions } from '../schema.ts';
import { perturbationSchema, type PerturbationOptions } from '../perturbation/explain-by-perturbation.ts';
import { explainByFeatures, type SampleShapes } from './explain-by-features.ts';
import { AUTO, autoSobolDesigns, resolveCount } from '../perturbation/auto-sizes.ts';
import { featureSchema } from './features.ts';
import { sobolPoints } from './sobol-sequence.ts';
import { autoCountOption, estimateFeatures } from './sizes.ts';

/** The floor of Var f(A) in Jansen's estimator (Xplique's EPS). */
const VARIANCE_FLOOR = 1e-12;

/** The options of {@link sobol}, declared once (see methods/schema.ts). */
export const sobolSchema = defineSchema({
  ...featureSchema,
  /**
   * Points of each design (a power of two); the model runs N (M + 1) times for M features. Default
   * 'auto': 32 (Xplique's) for samples of up to 64x64 spatial positions, else 16 (1041 evaluations
   * on the 8x8 grid of a 224x224 image instead of 2081).
   */
  designs: autoCountOption("Points of each quasi-Monte-Carlo design, a power of two (the model runs designs x (features + 1) times); 'auto': 32 up to 64x64 positions, else 16.", 2, 4096),
  ...perturbationSchema,
});

/** Options of {@link sobol}. */
export interface SobolOptions extends PerturbationOptions, SchemaOptions<typeof sobolSchema> {}

/** Jansen's total Sobol indices from the scores of A (`a`, N) and of C (`c`, M x N row-major). */
export function jansenTotalIndices(a: ArrayLike<number>, c: ArrayLike<number>, features: number): Float64Array {
  const n = a.length;
  let mean = 0;
  for (let j = 0; j < n; j++) mean += (a[j] as number) / n;
  let squares = 0;
  for (let j = 0; j < n; j++) squares += ((a[j] as number) - mean) ** 2;
  const variance = Math.max(squares / Math.max(n - 1, 1), VARIANCE_FLOOR);
  return Float64Array.from({ length: features }, (_, i) => {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += ((a[j] as number) - (c[i * n + j] as number)) ** 2;
    return sum / (2 * n * variance);
  });
}

/**
 * Sobol attribution maps, one per model input in the input's shape: each value carries its
 * feature's total Sobol index (features: Xplique's 8x8 grid, superpixels or `featureMask`). Works on
 * TF.js and function models.
 */
export async function sobol(model: AnyModel, input: ModelInput, options: SobolOptions = {}): Promise<Attribution> {
  const settings = { ...options, ...resolveOptions(sobolSchema, options, 'sobol') };
  const given = settings.designs;
  check(given === AUTO || (given & (given - 1)) === 0, 'designs', `got ${given}; expected a power of two (Sobol' points balance in blocks of 2^k)`);
  const designsOf = (shapes: SampleShapes): number => resolveCount(given, shapes, autoSobolDesigns);
  return explainByFeatures(
    model,
    input,
    settings,
    'sobol',
    (features, shapes) => {
      const n = designsOf(shapes);
      const points = sobolPoints(2 * features, n);
      const a = (j: number): Float64Array => points.subarray(j * 2 * features, j * 2 * features + features);
      return {
        count: n * (features + 1),
        coalition: (index) => {
          if (index < n) return a(index);
          const i = Math.floor((index - n) / n);
          const j = (index - n) % n;
          const z = Float64Array.from(a(j));
          z[i] = points[j * 2 * features + features + i] as number;
          return z;
        },
        attribute: (scores) => jansenTotalIndices(scores.subarray(0, n), scores.subarray(n), features),
      };
    },
    (shapes) => ({ designs: designsOf(shapes), estimator: 'Jansen', sampler: "Sobol' sequence (unscrambled)" }),
  );
}

/** Registry entry of {@link sobol}. */
export const sobolMethod = defineMethod(
  {
    name: 'sobol',
    evaluations: (shapes, options) => {
      const settings = resolveOptions(sobolSchema, options, 'sobol');
      const features = estimateFeatures(shapes, settings);
      return features === undefined ? undefined : resolveCount(settings.designs, shapes, autoSobolDesigns) * (features + 1) + 1;
    },
    title: 'Sobol attribution',
    family: 'perturbation',
    summary: "Each feature's total Sobol index: the share of the score's variance under random quasi-Monte-Carlo masks that the feature explains (Fel et al. 2021).",
    mapShape: 'input',
    randomized: false,
    needsSpatialLayer: false,
    takesBackpropModifier: false,
    takesFunctionModel: true,
  },
  sobolSchema,
  sobol,
);
