/**
 * Complexity (Bhatt et al. 2020): the entropy of the map's fractional contributions
 * p_i = |a_i| / sum_j |a_j|, -sum_i p_i ln(p_i + 1e-12) (Quantus's formula). One pixel: 0; a uniform
 * map of n pixels: ln n; lower is simpler.
 */
import { defineSchema } from '../../methods/schema.ts';
import { defineMapMetric } from '../map-metric.ts';

/** The entropy of |a| / sum |a| (natural log; 0 for an all-zero map). */
export function contributionEntropy(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += Math.abs(values[i] as number);
  if (total === 0) return 0;
  let entropy = 0;
  for (let i = 0; i < values.length; i++) {
    const p = Math.abs(values[i] as number) / total;
    entropy -= p * Math.log(p + 1e-12);
  }
  return entropy;
}

/** Complexity: the entropy of the map's fractional contributions (lower is better). */
export const complexityMetric = defineMapMetric(
  {
    name: 'complexity',
    title: 'Complexity (entropy)',
    family: 'complexity',
    summary: 'The entropy of |a| / sum |a| over pixels: 0 when one pixel holds all relevance, ln(n) for a uniform map (lower is simpler).',
    reference: 'Bhatt, Weller, Moura 2020, Evaluating and Aggregating Feature-based Model Explanations',
    higherIsBetter: false,
  },
  defineSchema({}),
  () => undefined,
  (pixels) => contributionEntropy(pixels),
);
