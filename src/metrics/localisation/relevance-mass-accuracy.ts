/** Relevance mass accuracy (Arras et al. 2022): the share of the total relevance that lies inside the region. */
import { defineSchema } from '../../methods/schema.ts';
import { defineLocalisationMetric } from './localisation-metric.ts';

/** Relevance mass accuracy: sum of relevance inside / sum of relevance (higher is better). */
export const relevanceMassAccuracyMetric = defineLocalisationMetric(
  {
    name: 'relevance-mass-accuracy',
    title: 'Relevance mass accuracy',
    summary: 'The share of the total relevance inside the region: sum inside / sum over all pixels.',
    reference: 'Arras, Osman, Samek 2022, CLEVR-XAI: A benchmark dataset for the ground truth evaluation of neural network explanations',
    higherIsBetter: true,
  },
  defineSchema({}),
  (relevance, mask) => {
    let inside = 0;
    let total = 0;
    relevance.forEach((v, p) => {
      total += v;
      if (mask[p] === 1) inside += v;
    });
    return inside / total;
  },
);
