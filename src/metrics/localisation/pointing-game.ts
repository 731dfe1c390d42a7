/** Pointing game (Zhang et al. 2018): 1 when a pixel of largest relevance lies inside the region, else 0. */
import { defineSchema } from '../../methods/schema.ts';
import { defineLocalisationMetric } from './localisation-metric.ts';

/** Pointing game: does the map's maximum fall inside the region (1) or not (0)? Higher is better. */
export const pointingGameMetric = defineLocalisationMetric(
  {
    name: 'pointing-game',
    title: 'Pointing game',
    summary: 'Whether a pixel of largest relevance lies inside the region (1) or not (0).',
    reference: 'Zhang, Bargal, Lin, Brandt, Shen, Sclaroff 2018, Top-down Neural Attention by Excitation Backprop',
    higherIsBetter: true,
  },
  defineSchema({}),
  (relevance, mask) => {
    const top = relevance.reduce((m, v) => Math.max(m, v), -Infinity);
    return relevance.some((v, p) => v === top && mask[p] === 1) ? 1 : 0;
  },
);
