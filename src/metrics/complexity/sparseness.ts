/**
 * Sparseness (Chalasani et al. 2020): the Gini index of the absolute pixel relevance, as Quantus
 * computes it: with |a| + 1e-7 sorted ascending, sum_i (2i - n - 1) a_i / (n sum_i a_i). A uniform
 * map scores 0, a one-hot map (n - 1) / n; higher is sparser.
 */
import { defineSchema } from '../../methods/schema.ts';
import { defineMapMetric } from '../map-metric.ts';

/** The Gini index of |a| (Quantus's formula, with its 1e-7 offset). */
export function giniIndex(values: ArrayLike<number>): number {
  const n = values.length;
  const sorted = Float64Array.from(values, (v) => Math.abs(v) + 1e-7).sort();
  let weighted = 0;
  let total = 0;
  sorted.forEach((a, i) => {
    weighted += (2 * (i + 1) - n - 1) * a;
    total += a;
  });
  return weighted / (n * total);
}

/** Sparseness: the Gini index of the absolute map (higher is better: fewer, stronger features). */
export const sparsenessMetric = defineMapMetric(
  {
    name: 'sparseness',
    title: 'Sparseness (Gini)',
    family: 'complexity',
    summary: 'The Gini index of the absolute map: 0 for a uniform map, (n - 1) / n when one pixel holds all relevance (higher is sparser).',
    reference: 'Chalasani, Chen, Chowdhury, Wu, Jha 2020, Concise Explanations of Neural Networks using Adversarial Training',
    higherIsBetter: true,
  },
  defineSchema({}),
  () => undefined,
  (pixels) => giniIndex(pixels),
);
