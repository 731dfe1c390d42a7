/**
 * The frame of the localisation metrics: each takes the ground-truth `region` and an `absolute`
 * switch (Quantus's abs, off by default) and scores a sample from its pixel relevance and region
 * mask; a sample whose region is empty scores NaN (Quantus's choice).
 */
import { defineSchema, option, type OptionSchema, type ResolvedOptions } from '../../methods/schema.ts';
import type { MetricDefinition } from '../definition.ts';
import { defineMapMetric, type MapMetricDescription } from '../map-metric.ts';
import { regionMasks, regionOption } from './region.ts';

/** The options every localisation metric takes: `region` (required) and `absolute` (default false). */
export const localisationSchema = defineSchema({
  /** The ground-truth region (required). */
  region: regionOption,
  /** Score |a| instead of a. Default false (Quantus's abs=False). */
  absolute: option.boolean({ default: false, doc: 'Score the absolute map instead of the signed one.' }),
});

/** A localisation metric: `score(relevance, mask, options)` for samples with a non-empty region. */
export function defineLocalisationMetric<S extends OptionSchema>(
  description: Omit<MapMetricDescription, 'family' | 'needsRegion'>,
  schema: S,
  score: (relevance: Float32Array, mask: Uint8Array, options: ResolvedOptions<S & typeof localisationSchema>) => number,
): MetricDefinition<S & typeof localisationSchema> {
  const full = defineSchema({ ...localisationSchema, ...schema }) as S & typeof localisationSchema;
  return defineMapMetric(
    { ...description, family: 'localisation', needsRegion: true },
    full,
    (context, options) => regionMasks(options.region, context.layout, context.inputs.batchSize),
    (pixels, sample, masks, options) => {
      const mask = masks[sample] as Uint8Array;
      if (!mask.some((m) => m === 1)) return Number.NaN;
      return score(options.absolute ? pixels.map(Math.abs) : pixels, mask, options);
    },
  );
}

/** Pixel indices by decreasing relevance (ties by index). */
export function rankPixels(relevance: Float32Array): Int32Array {
  return Int32Array.from({ length: relevance.length }, (_, i) => i).sort((a, b) => (relevance[b] as number) - (relevance[a] as number) || a - b);
}
