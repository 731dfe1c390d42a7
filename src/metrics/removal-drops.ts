/**
 * Score drops of single removals: each pixel subset (the same subsets for every sample) is set to
 * the baseline on its own, and f(x) - f(x with the subset removed) is read: what faithfulness
 * correlation (random subsets) and non-sensitivity (one feature at a time) compare maps with.
 */
import { baselineSamples, type MetricBaseline } from './baselines.ts';
import type { MetricContext } from './context.ts';
import { samplesOf } from './layout.ts';
import { scoreReplacements } from './rows.ts';

/** How removed pixels are filled and how many rows go per model call. */
export interface RemovalSettings {
  readonly baseline: MetricBaseline;
  readonly blurSigma: number;
  readonly batchSize: number;
}

/** Per sample, the score drop of removing each of `subsets` (pixel indices) alone. */
export async function removalDrops(context: MetricContext, subsets: readonly Int32Array[], settings: RemovalSettings): Promise<Float32Array[]> {
  const { layout, inputs } = context;
  const samples = samplesOf(inputs.values[0] as Float32Array, layout, inputs.batchSize);
  const scores = await scoreReplacements(context, {
    start: samples,
    fill: baselineSamples(inputs, layout, settings.baseline, settings.blurSigma),
    counts: samples.map(() => subsets.length),
    groups: (_sample, k) => [subsets[k] as Int32Array],
    batchSize: settings.batchSize,
  });
  const { original } = await context.scorer();
  return scores.map((perturbed, s) => perturbed.map((y) => (original[s] as number) - y));
}
