/**
 * Completeness (Sundararajan et al. 2017's axiom; Integrated Gradients' convergence delta, for any
 * method): |sum_i a_i - (f(x) - f(x'))|, the gap between the map's total and the score difference
 * to the baseline x'. 0 for a complete method (Integrated Gradients from that baseline, up to its
 * quadrature); lower is better. Quantus reports whether the gap is exactly 0; the gap says how far.
 */
import { defineSchema } from '../../methods/schema.ts';
import { baselineOption, baselineSamples, blurSigmaOption } from '../baselines.ts';
import { defineMetric } from '../definition.ts';
import { batchSizeOption } from '../options.ts';
import { scoreRowsInChunks } from '../rows.ts';

/** Completeness's options: baseline 0, blurSigma 5, batchSize 64. */
export const completenessSchema = defineSchema({
  /** The reference input x' (use the explained method's baseline). Default 0. */
  baseline: baselineOption(0, "The reference input x' (the method's baseline): a number (default 0), 'mean' or 'blur'."),
  /** Sigma of the 'blur' baseline. Default 5. */
  blurSigma: blurSigmaOption,
  /** Rows per model call. Default 64. */
  batchSize: batchSizeOption,
});

/** Completeness: |sum of the map - (f(x) - f(baseline))| (lower is better). */
export const completenessMetric = defineMetric(
  {
    name: 'completeness',
    title: 'Completeness gap',
    family: 'axiomatic',
    summary: "The gap between the map's total and the score difference to the baseline, |sum a - (f(x) - f(x'))| (0: complete; lower is better).",
    reference: 'Sundararajan, Taly, Yan 2017, Axiomatic Attribution for Deep Networks',
    higherIsBetter: false,
  },
  completenessSchema,
  async (context, options) => {
    const { layout, inputs } = context;
    const baselines = baselineSamples(inputs, layout, options.baseline, options.blurSigma);
    const pixels = await context.pixelMaps();
    const atBaseline = await scoreRowsInChunks(context, baselines.map(() => 1), (sample, _i, row) => row.set(baselines[sample] as Float32Array), options.batchSize);
    const { original } = await context.scorer();
    const differences = atBaseline.map((y, s) => (original[s] as number) - (y[0] as number));
    const totals = pixels.map((p) => p.reduce((a, b) => a + b, 0));
    return { scores: totals.map((t, s) => Math.abs(t - (differences[s] as number))), extra: { mapTotals: totals, scoreDifferences: differences } };
  },
);
