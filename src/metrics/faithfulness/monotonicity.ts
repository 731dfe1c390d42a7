/**
 * Monotonicity (Arya et al. 2019, as Quantus computes it): start from the baseline and add the
 * features back from the least to the most relevant (by |a|); the map is monotonic (1) when the
 * target score never decreases along the way, else 0. Higher is better.
 */
import { defineSchema, option } from '../../methods/schema.ts';
import { baselineOption, baselineSamples, blurSigmaOption } from '../baselines.ts';
import { defineMetric } from '../definition.ts';
import { featureGroups, featureRelevance, orderByRelevance, samplesOf } from '../layout.ts';
import { batchSizeOption } from '../options.ts';
import { scoreReplacements } from '../rows.ts';
import { curveCounts, firstGroups } from './curve.ts';

/** Monotonicity's options: steps 50, patch 1, baseline 0, blurSigma 5, tolerance 0, batchSize 64. */
export const monotonicitySchema = defineSchema({
  /** Steps in which features are added (at most one per feature; Quantus adds one feature per step). Default 50. */
  steps: option.integer({ default: 50, min: 1, max: 100000, doc: 'Steps in which features are added back (at most one per feature).' }),
  /** Features are patch x patch pixels. Default 1. */
  patch: option.integer({ default: 1, min: 1, max: 4096, doc: 'Features are patch x patch pixels (1: single pixels).' }),
  /** The canvas features are added to. Default 0. */
  baseline: baselineOption(0, "The canvas features are added to: a number (default 0), 'mean' or 'blur'."),
  /** Sigma of the 'blur' baseline. Default 5. */
  blurSigma: blurSigmaOption,
  /** A decrease smaller than this still counts as non-decreasing (float noise). Default 0 (Quantus's). */
  tolerance: option.number({ default: 0, min: 0, doc: 'A score decrease up to this still counts as non-decreasing.' }),
  /** Rows per model call. Default 64. */
  batchSize: batchSizeOption,
});

/** Monotonicity: 1 when adding features from least to most relevant never lowers the score, else 0 (higher is better). */
export const monotonicityMetric = defineMetric(
  {
    name: 'monotonicity',
    title: 'Monotonicity',
    family: 'faithfulness',
    summary: 'Adding features to the baseline from least to most relevant (by |a|), does the target score never decrease? 1 yes, 0 no.',
    reference: 'Arya et al. 2019, One Explanation Does Not Fit All: A Toolkit and Taxonomy of AI Explainability Techniques',
    higherIsBetter: true,
    produces: 'curves',
  },
  monotonicitySchema,
  async (context, options) => {
    const { layout, inputs } = context;
    const groups = featureGroups(layout, options.patch);
    const counts = curveCounts(groups.length, options.steps).slice(1);
    const pixels = await context.pixelMaps();
    const orders = pixels.map((p) => orderByRelevance(featureRelevance(p.map(Math.abs), groups), false));
    const samples = samplesOf(inputs.values[0] as Float32Array, layout, inputs.batchSize);
    const baselines = baselineSamples(inputs, layout, options.baseline, options.blurSigma);
    const scores = await scoreReplacements(context, {
      start: baselines,
      fill: samples,
      counts: samples.map(() => counts.length),
      groups: (sample, k) => firstGroups(groups, orders[sample] as Int32Array, counts[k] as number),
      batchSize: options.batchSize,
    });
    const x = counts.map((c) => c / groups.length);
    return {
      scores: scores.map((y) => (y.every((v, k) => k === 0 || v >= (y[k - 1] as number) - options.tolerance) ? 1 : 0)),
      curves: scores.map((y) => ({ x, y: Array.from(y) })),
    };
  },
);
