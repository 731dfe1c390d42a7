/**
 * The perturbation curve behind deletion and insertion (Petsiuk et al. 2018, RISE): features
 * (pixels or patches) are changed from a start image to a fill image in order of decreasing
 * relevance, and the target score is read after each step; the score is the area under the curve
 * (trapezoid rule over the fraction of features changed, x from 0 to 1).
 */
import { defineSchema, option } from '../../methods/schema.ts';
import { baselineOption, baselineSamples, blurSigmaOption, type MetricBaseline } from '../baselines.ts';
import type { MetricContext } from '../context.ts';
import type { MetricCurve, MetricOutput } from '../definition.ts';
import { featureGroups, featureRelevance, orderByRelevance, samplesOf } from '../layout.ts';
import { batchSizeOption } from '../options.ts';
import { scoreReplacements } from '../rows.ts';

/** The options of deletion and insertion; `baseline` defaults to `fallback`. */
export function curveSchema<D extends MetricBaseline>(fallback: D, baselineDoc: string) {
  return defineSchema({
    /** Steps of the curve (it has steps + 1 points; at most one step per feature). Default 50. */
    steps: option.integer({ default: 50, min: 1, max: 100000, doc: 'Steps of the curve (steps + 1 points, from none to all features); at most one per feature.' }),
    /** Features are patch x patch pixels (1: single pixels, Petsiuk et al.'s choice). Default 1. */
    patch: option.integer({ default: 1, min: 1, max: 4096, doc: 'Features are patch x patch pixels, ranked by their summed relevance (1: single pixels).' }),
    /** What removed features become. */
    baseline: baselineOption(fallback, baselineDoc),
    /** Sigma of the 'blur' baseline. Default 5. */
    blurSigma: blurSigmaOption,
    /** Rows per model call. Default 64. */
    batchSize: batchSizeOption,
  });
}

/** What {@link perturbationCurves} takes. */
export interface CurveSettings {
  readonly steps: number;
  readonly patch: number;
  readonly baseline: MetricBaseline;
  readonly blurSigma: number;
  readonly batchSize: number;
}

/** The fractions of features changed at each point: round(k F / S) / F for k = 0..S, S = min(steps, F). */
export function curveCounts(features: number, steps: number): number[] {
  const s = Math.min(steps, features);
  return Array.from({ length: s + 1 }, (_, k) => Math.round((k * features) / s));
}

/** The pixel groups of the first `count` features of `order`. */
export function* firstGroups(groups: readonly Int32Array[], order: Int32Array, count: number): Generator<Int32Array> {
  for (let f = 0; f < count; f++) yield groups[order[f] as number] as Int32Array;
}

/** The trapezoid area under y(x). */
export function areaUnderCurve(x: readonly number[], y: readonly number[]): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += (((x[i] as number) - (x[i - 1] as number)) * ((y[i] as number) + (y[i - 1] as number))) / 2;
  return area;
}

/** Deletion ('delete': from the input towards the baseline) or insertion ('insert': from the baseline towards the input) curves and their areas. */
export async function perturbationCurves(context: MetricContext, settings: CurveSettings, direction: 'delete' | 'insert'): Promise<MetricOutput> {
  const { layout, inputs } = context;
  const groups = featureGroups(layout, settings.patch);
  const counts = curveCounts(groups.length, settings.steps);
  const pixels = await context.pixelMaps();
  const orders = pixels.map((p) => orderByRelevance(featureRelevance(p, groups)));
  const baselines = baselineSamples(inputs, layout, settings.baseline, settings.blurSigma);
  const samples = samplesOf(inputs.values[0] as Float32Array, layout, inputs.batchSize);
  const [start, fill] = direction === 'delete' ? [samples, baselines] : [baselines, samples];
  const scores = await scoreReplacements(context, {
    start,
    fill,
    counts: samples.map(() => counts.length),
    groups: (sample, k) => firstGroups(groups, orders[sample] as Int32Array, counts[k] as number),
    batchSize: settings.batchSize,
  });
  const x = counts.map((c) => c / groups.length);
  const curves: MetricCurve[] = scores.map((y) => ({ x, y: Array.from(y) }));
  return { scores: curves.map((c) => areaUnderCurve(c.x, c.y)), curves, extra: { features: groups.length, points: counts.length } };
}
