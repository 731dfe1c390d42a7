/**
 * RISE, Randomized Input Sampling for Explanation (Petsiuk et al. 2018): score the input under many
 * random smooth masks; a position's saliency is the mask-weighted mean score,
 * sum_m f(x * m + b * (1 - m)) m / (N p). Black-box: forward passes only.
 */
import { SaliencyError } from '../../core/errors.ts';
import type { ModelInput } from '../../core/input.ts';
import type { AnyModel } from '../../core/function-model.ts';
import { sizeOf } from '../../core/ndarray.ts';
import type { Attribution } from '../../core/result.ts';
import { defineMethod } from '../definition.ts';
import { defineSchema, option, resolveOptions, type SchemaOptions } from '../schema.ts';
import { explainByPerturbation, perturbationSchema, type PerturbationOptions } from './explain-by-perturbation.ts';
import { seededRandom } from '../../core/random.ts';
import { autoCountOption } from '../black-box/sizes.ts';
import { autoRiseMasks, resolveCount } from './auto-sizes.ts';
import { drawMask, riseMaskSchema, upsampleMask, type MaskDraw } from './rise-masks.ts';

/** The options of {@link rise}, declared once (see methods/schema.ts): its masks and those of every perturbation method. */
export const riseSchema = defineSchema({
  /**
   * How many random masks are scored. Default 'auto': 4000 (Xplique's) for samples of up to 64x64
   * spatial positions, else max(500, round(4000 x 4096 / positions)) (500 on 224x224, 1000 on 128x128).
   */
  masks: autoCountOption("How many random masks are scored; 'auto': 4000 up to 64x64 positions, fewer above (500 on 224x224).", 1, 100000),
  ...riseMaskSchema,
  /** Seed of the masks; the same seed gives the same masks for every sample. Default 0. */
  seed: option.integer({ default: 0, doc: 'Seed of the random masks.' }),
  ...perturbationSchema,
});

/** Options of {@link rise}. */
export interface RiseOptions extends PerturbationOptions, SchemaOptions<typeof riseMaskSchema>, SchemaOptions<typeof riseSchema> {}

/**
 * RISE maps, one per model input in the input's shape without the channel axis (every input needs
 * a spatial axis and a channel axis). All inputs are masked at once, each with its own masks; every
 * sample sees the same masks, so a batch gives the per-sample results.
 */
export async function rise(model: AnyModel, input: ModelInput, options: RiseOptions = {}): Promise<Attribution> {
  const resolved = { ...options, ...resolveOptions(riseSchema, options, 'rise') };
  const { seed } = resolved;
  const settings = { gridSize: resolved.gridSize, keepProbability: resolved.keepProbability };
  return explainByPerturbation(model, input, resolved, 'rise', (_, inputs) => {
    const spatial = inputs.shapes.map((shape, i) => {
      if (shape.length < 2) {
        throw new SaliencyError('INPUT_SHAPE', `input: RISE masks spatial axes, but input ${i} has sample shape [${shape}]; it needs [..., channels] with at least one spatial axis`, 'input');
      }
      return shape.slice(0, -1);
    });
    const count = resolveCount(resolved.masks, inputs.shapes, autoRiseMasks);
    const random = seededRandom(seed);
    const draws: MaskDraw[][] = Array.from({ length: count }, () => spatial.map((shape) => drawMask(shape, settings, random)));
    const maskOf = (k: number, i: number): Float64Array => upsampleMask((draws[k] as MaskDraw[])[i] as MaskDraw, spatial[i] as number[], settings.gridSize);
    return {
      set: {
        count: () => count,
        apply: (_sample, k, rows, baselines) => {
          rows.forEach((row, i) => {
            const mask = maskOf(k, i);
            const base = baselines[i] as Float32Array;
            const channels = row.length / mask.length;
            for (let q = 0, p = 0; q < mask.length; q++) {
              const m = mask[q] as number;
              for (let c = 0; c < channels; c++, p++) {
                const b = base[p] as number;
                row[p] = b + ((row[p] as number) - b) * m;
              }
            }
          });
        },
      },
      combine: (scores) =>
        spatial.map((shape, i) => {
          const size = sizeOf(shape);
          const sums = scores.perturbed.map(() => new Float64Array(size));
          for (let k = 0; k < count; k++) {
            const mask = maskOf(k, i);
            sums.forEach((sum, n) => {
              const score = (scores.perturbed[n] as Float32Array)[k] as number;
              for (let q = 0; q < size; q++) sum[q] = (sum[q] as number) + score * (mask[q] as number);
            });
          }
          const data = new Float32Array(sums.length * size);
          sums.forEach((sum, n) => sum.forEach((v, q) => (data[n * size + q] = v / (count * settings.keepProbability))));
          return { data, shape: [sums.length, ...shape] };
        }),
      extra: { masks: count, ...settings, seed },
    };
  });
}

/** Registry entry of {@link rise}. */
export const riseMethod = defineMethod(
  {
    name: 'rise',
    evaluations: (shapes, options) => {
      return resolveCount(resolveOptions(riseSchema, options, 'rise').masks, shapes, autoRiseMasks) + 1;
    },
    title: 'RISE',
    family: 'perturbation',
    summary: 'The mean score under random smooth masks, weighted by how much each mask keeps each position.',
    mapShape: 'spatial',
    randomized: true,
    needsSpatialLayer: false,
    takesBackpropModifier: false,
    takesFunctionModel: true,
  },
  riseSchema,
  rise,
);
