/** Top-k intersection (Theiner et al. 2021): the share of the k most relevant pixels that lie inside the region. */
import { defineSchema, option } from '../../methods/schema.ts';
import { defineLocalisationMetric } from './localisation-metric.ts';
import { topShareInside } from './relevance-rank-accuracy.ts';

/** Top-k intersection's own option: k 1000 (Quantus's), capped at the number of pixels. */
export const topKIntersectionSchema = defineSchema({
  /** How many of the most relevant pixels are checked (at most every pixel). Default 1000. */
  k: option.integer({ default: 1000, min: 1, max: 100000000, doc: 'How many of the most relevant pixels are checked (capped at the number of pixels).' }),
});

/** Top-k intersection: the share of the k most relevant pixels inside the region (higher is better). */
export const topKIntersectionMetric = defineLocalisationMetric(
  {
    name: 'top-k-intersection',
    title: 'Top-k intersection',
    summary: 'The share of the k most relevant pixels that lie inside the region.',
    reference: 'Theiner, Müller-Budack, Ewerth 2021, Interpretable Semantic Photo Geolocalization',
    higherIsBetter: true,
  },
  topKIntersectionSchema,
  (relevance, mask, options) => topShareInside(relevance, mask, Math.min(options.k, relevance.length)),
);
