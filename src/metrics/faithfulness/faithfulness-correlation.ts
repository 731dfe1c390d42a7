/**
 * Faithfulness correlation (Bhatt et al. 2020), as Quantus computes it: over `runs` random subsets S
 * of `subsetSize` pixels, the Pearson correlation between the relevance of S, sum_{i in S} a_i,
 * and the score drop when S is set to the baseline, f(x) - f(x with S removed). Higher is better.
 * Every sample draws the same subsets from `seed`, so a batch equals its samples run one by one.
 */
import { seededUniform } from '../../core/random.ts';
import { defineSchema, option } from '../../methods/schema.ts';
import { baselineOption, baselineSamples, blurSigmaOption } from '../baselines.ts';
import { defineMetric } from '../definition.ts';
import { copyPixels, samplesOf } from '../layout.ts';
import { batchSizeOption, seedOption } from '../options.ts';
import { scoreRowsInChunks } from '../rows.ts';
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
    needsModel: true,
    needsExplainer: false,
    needsRegion: false,
    randomized: true,
    produces: 'scores',
  },
  faithfulnessCorrelationSchema,
  async (context, options) => {
    const { layout, inputs } = context;
    const size = Math.min(options.subsetSize, layout.pixels);
    const random = seededUniform(options.seed, 'faithfulness-correlation');
    const subsets = Array.from({ length: options.runs }, () => randomSubset(random, layout.pixels, size));
    const pixels = await context.pixelMaps();
    const samples = samplesOf(inputs.values[0] as Float32Array, layout, inputs.batchSize);
    const baselines = baselineSamples(inputs, layout, options.baseline, options.blurSigma);
    const scores = await scoreRowsInChunks(
      context,
      samples.map(() => options.runs),
      (sample, run, row) => {
        row.set(samples[sample] as Float32Array);
        copyPixels(row, baselines[sample] as Float32Array, subsets[run] as Int32Array, layout.channels);
      },
      options.batchSize,
    );
    const { original } = await context.scorer();
    return {
      scores: scores.map((perturbed, s) => {
        const drops = perturbed.map((y) => (original[s] as number) - y);
        const relevance = subsets.map((subset) => subset.reduce((sum, p) => sum + ((pixels[s] as Float32Array)[p] as number), 0));
        return pearson(relevance, drops);
      }),
      extra: { subsetSize: size },
    };
  },
);
