/**
 * RISE, Randomized Input Sampling for Explanation (Petsiuk et al. 2018): score the input under many
 * random smooth masks; a position's saliency is the mask-weighted mean score,
 * sum_m f(x * m + b * (1 - m)) m / (N p). Black-box: forward passes only.
 */
import { SaliencyError, check } from '../../core/errors.ts';
import type { ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import { sizeOf } from '../../core/ndarray.ts';
import type { Attribution } from '../../core/result.ts';
import { defineMethod } from '../definition.ts';
import { explainByPerturbation, PERTURBATION_OPTION_SPECS, type PerturbationOptions } from './explain-by-perturbation.ts';
import { seededRandom } from '../../core/random.ts';
import { checkRiseSettings, drawMask, upsampleMask, type MaskDraw } from './rise-masks.ts';

/** The default number of masks (Xplique's RISE default). */
export const DEFAULT_RISE_MASKS = 4000;
/** The default grid cells per spatial axis (Xplique; the paper's 7x7). */
export const DEFAULT_RISE_GRID_SIZE = 7;
/** The default probability that a grid cell is kept (the paper's p = 0.5). */
export const DEFAULT_RISE_KEEP_PROBABILITY = 0.5;
/** The default seed of the masks. */
export const DEFAULT_RISE_SEED = 0;

/** Options of {@link rise}. */
export interface RiseOptions extends PerturbationOptions {
  /** How many random masks are scored. Default 4000 ({@link DEFAULT_RISE_MASKS}). */
  readonly masks?: number;
  /** Cells of the random grid on each spatial axis. Default 7 ({@link DEFAULT_RISE_GRID_SIZE}). */
  readonly gridSize?: number;
  /** Probability that a cell is kept (p). Default 0.5 ({@link DEFAULT_RISE_KEEP_PROBABILITY}). */
  readonly keepProbability?: number;
  /** Seed of the masks; the same seed gives the same masks for every sample. Default 0. */
  readonly seed?: number;
}

/**
 * RISE maps, one per model input in the input's shape without the channel axis (every input needs
 * a spatial axis and a channel axis). All inputs are masked at once, each with its own masks; every
 * sample sees the same masks, so a batch gives the per-sample results.
 */
export async function rise(model: ExplainableModel | ModelAdapter, input: ModelInput, options: RiseOptions = {}): Promise<Attribution> {
  const count = options.masks ?? DEFAULT_RISE_MASKS;
  const settings = { gridSize: options.gridSize ?? DEFAULT_RISE_GRID_SIZE, keepProbability: options.keepProbability ?? DEFAULT_RISE_KEEP_PROBABILITY };
  const seed = options.seed ?? DEFAULT_RISE_SEED;
  check(Number.isInteger(count) && count >= 1, 'masks', `got ${count}; expected an integer >= 1`);
  checkRiseSettings(settings);
  return explainByPerturbation(model, input, options, 'rise', (_, inputs) => {
    const spatial = inputs.shapes.map((shape, i) => {
      if (shape.length < 2) {
        throw new SaliencyError('INPUT_SHAPE', `input: RISE masks spatial axes, but input ${i} has sample shape [${shape}]; it needs [..., channels] with at least one spatial axis`, 'input');
      }
      return shape.slice(0, -1);
    });
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
            for (let p = 0; p < row.length; p++) {
              const b = base[p] as number;
              row[p] = b + ((row[p] as number) - b) * (mask[Math.floor(p / channels)] as number);
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
export const riseMethod = defineMethod<RiseOptions>(
  {
    name: 'rise',
    title: 'RISE',
    family: 'perturbation',
    summary: 'The mean score under random smooth masks, weighted by how much each mask keeps each position.',
    options: [
      { name: 'masks', kind: 'integer', default: DEFAULT_RISE_MASKS, min: 1, max: 100000, description: 'How many random masks are scored.' },
      { name: 'gridSize', kind: 'integer', default: DEFAULT_RISE_GRID_SIZE, min: 1, max: 64, description: 'Cells of the random grid on each spatial axis.' },
      { name: 'keepProbability', kind: 'number', default: DEFAULT_RISE_KEEP_PROBABILITY, min: 0.01, max: 1, step: 0.05, description: 'Probability that a grid cell is kept.' },
      { name: 'seed', kind: 'integer', default: DEFAULT_RISE_SEED, description: 'Seed of the random masks.' },
      ...PERTURBATION_OPTION_SPECS,
    ],
    mapShape: 'spatial',
    randomized: true,
    needsSpatialLayer: false,
    takesBackpropModifier: false,
  },
  rise,
);
