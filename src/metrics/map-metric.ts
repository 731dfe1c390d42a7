/**
 * Metrics that read the maps only (complexity, localisation): one score per sample computed from
 * that sample's pixel relevance (layout.ts) and, for localisation, its region mask. No model runs.
 */
import type { OptionSchema, ResolvedOptions } from '../methods/schema.ts';
import type { MetricContext } from './context.ts';
import { defineMetric, type MetricDefinition, type MetricDescription } from './definition.ts';
import type { MetricOutput } from './result.ts';

/** What a map-only metric declares: everything but what being map-only fixes. */
export type MapMetricDescription = Omit<MetricDescription, 'needsModel' | 'needsExplainer' | 'produces' | 'randomized'>;

/** A metric scoring each sample from its pixel relevance (`prepare` runs once per call, e.g. to read a region). */
export function defineMapMetric<S extends OptionSchema, P>(
  description: MapMetricDescription,
  schema: S,
  prepare: (context: MetricContext, options: ResolvedOptions<S>) => P | Promise<P>,
  score: (pixels: Float32Array, sample: number, prepared: P, options: ResolvedOptions<S>) => number,
): MetricDefinition<S> {
  return defineMetric({ ...description, needsModel: false }, schema, async (context, options): Promise<MetricOutput> => {
    const prepared = await prepare(context, options);
    const pixels = await context.pixelMaps();
    return { scores: pixels.map((p, s) => score(p, s, prepared, options)) };
  });
}
