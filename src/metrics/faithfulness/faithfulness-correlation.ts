/**
 * Faithfulness correlation (Bhatt et al. 2020), as Quantus computes it: over `runs` random subsets S
 * of `subsetSize` pixels, the Pearson correlation between the relevance of S, sum_{i in S} a_i,
 * and the score drop when S is set to the baseline, f(x) - f(x with S removed). Higher is better.
 * Every sample draws the same subsets from `seed`, so a batch equals its samples run one by one.
 */
import { seededUniform } from '../../core/random.ts';
import { defineSchema, option } from '../../methods/schema.ts';
import { baselineOption, blurSigmaOption } from '../baselines.ts';
import { defineMetric } from '../definition.ts';
import { batchSizeOption, seedOption } from '../options.ts';
import { removalDrops } from '../removal-drops.ts';
import { pearson } from '../statistics.ts';

/** Faithfulness correlation's options: runs 100, subsetSize 224 (Quantus's), baseline 0, seed 0, batchSize 64. */
export const faithfulnessCorrelationSchema = defineSchema({
  /** Random subsets drawn per sample. Default 100. */
  runs: option.integer({ default: 100, min: 2, max: 100000, doc: 'Random pixel subsets drawn per sample.' }),
  /** Pixels per subset (capped at the number of pixels). Default 224. */
  subsetSize: option.integer({ default: 224, min: 1, max: 100000000, doc: 'Pixels per random subset (capped at the number of pixels).' }),
  /** What removed pixels become. Default 0. */
  baseline: baselineOption(0, "What removed pixels become: a number (default 0), 'mean' or 'blur'."),
  /** Sigma of the 'blur' baseline. Default 5. */
  blurSigma: blurSigmaOption,
  /** Seed of the subsets. Default 0. */
  seed: seedOption('Seed of the random subsets.'),
  /** Rows per model call. Default 64. */
  batchSize: batchSizeOption,
});

/** `count` distinct indices in [0, n) (partial Fisher-Yates). */
export function randomSubset(random: () => number, n: number, count: number): Int32Array {
  const pool = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (n - i));
    [pool[i], pool[j]] = [pool[j] as number, pool[i] as number];
  }
  return pool.slice(0, count);
}

/** Faithfulness correlation: Pearson(relevance of random subsets, score drop when they are removed); higher is better. */
export const faithfulnessCorrelationMetric = defineMetric(
  {
    name: 'faithfulness-correlation',
    title: 'Faithfulness correlation',
    family: 'faithfulness',
    summary: 'Pearson correlation, over random pixel subsets, between their summed relevance and the score drop when they are removed (higher is better).',
    reference: 'Bhatt, Weller, Moura 2020, Evaluating and Aggregating Feature-based Model Explanations',
    higherIsBetter: true,
    randomized: true,
  },
  faithfulnessCorrelationSchema,
  async (context, options) => {
    const { layout } = context;
    const size = Math.min(options.subsetSize, layout.pixels);
    const random = seededUniform(options.seed, 'faithfulness-correlation');
    const subsets = Array.from({ length: options.runs }, () => randomSubset(random, layout.pixels, size));
    const pixels = await context.pixelMaps();
    const drops = await removalDrops(context, subsets, options);
    return {
      scores: drops.map((drop, s) => {
        const relevance = subsets.map((subset) => subset.reduce((sum, p) => sum + ((pixels[s] as Float32Array)[p] as number), 0));
        return pearson(relevance, drop);
      }),
      extra: { subsetSize: size },
    };
  },
);
