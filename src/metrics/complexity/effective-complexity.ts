/**
 * Effective complexity (Nguyen and Martinez 2020): the number of pixels whose absolute relevance,
 * scaled by the map's largest absolute value (Quantus normalises first), exceeds `eps`. Lower is
 * simpler.
 */
import { defineSchema, option } from '../../methods/schema.ts';
import { defineMapMetric } from '../map-metric.ts';

/** Effective complexity's options: eps 1e-5 (Quantus's). */
export const effectiveComplexitySchema = defineSchema({
  /** Threshold on |a| / max |a|. Default 1e-5. */
  eps: option.number({ default: 1e-5, min: 0, max: 1, doc: 'A pixel counts when |a| / max |a| exceeds this. Default 1e-5 (Quantus).' }),
});

/** Effective complexity: how many pixels have |a| / max |a| > eps (lower is better). */
export const effectiveComplexityMetric = defineMapMetric(
  {
    name: 'effective-complexity',
    title: 'Effective complexity',
    family: 'complexity',
    summary: 'The number of pixels whose relevance, relative to the largest, exceeds eps (lower is simpler).',
    reference: 'Nguyen, Martinez 2020, On Quantitative Aspects of Model Interpretability',
    higherIsBetter: false,
  },
  effectiveComplexitySchema,
  () => undefined,
  (pixels, _sample, _prepared, options) => {
    const largest = pixels.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    return largest === 0 ? 0 : pixels.reduce((n, v) => (Math.abs(v) / largest > options.eps ? n + 1 : n), 0);
  },
);
