/** Relevance rank accuracy (Arras et al. 2022): of the K most relevant pixels, K the region's size, the share inside the region. */
import { defineSchema } from '../../methods/schema.ts';
import { defineLocalisationMetric, rankPixels } from './localisation-metric.ts';

/** The share of the `k` most relevant pixels that lie inside `mask`. */
export function topShareInside(relevance: Float32Array, mask: Uint8Array, k: number): number {
  const ranked = rankPixels(relevance);
  let hits = 0;
  for (let i = 0; i < k; i++) hits += mask[ranked[i] as number] as number;
  return hits / k;
}

/** Relevance rank accuracy: the share of the |region| most relevant pixels inside the region (higher is better). */
export const relevanceRankAccuracyMetric = defineLocalisationMetric(
  {
    name: 'relevance-rank-accuracy',
    title: 'Relevance rank accuracy',
    summary: 'Of the K most relevant pixels, K the number of pixels in the region, the share that lies inside it.',
    reference: 'Arras, Osman, Samek 2022, CLEVR-XAI: A benchmark dataset for the ground truth evaluation of neural network explanations',
    higherIsBetter: true,
  },
  defineSchema({}),
  (relevance, mask) => topShareInside(relevance, mask, mask.reduce((n, m) => n + m, 0)),
);
