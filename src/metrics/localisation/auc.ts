/**
 * AUC (Fawcett 2006, as Quantus uses it for localisation): the area under the ROC curve of the map
 * read as a classifier of region pixels, i.e. the probability that a random pixel inside the region
 * has more relevance than a random pixel outside it (ties count one half; Mann-Whitney U).
 */
import { defineSchema } from '../../methods/schema.ts';
import { defineLocalisationMetric } from './localisation-metric.ts';

/** ROC AUC of `scores` against the 0/1 `labels` (average ranks for ties); NaN when one class is empty. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const n = scores.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1] as number] === scores[order[i] as number]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k] as number] === 1) {
        positives++;
        rankSum += rank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** AUC: how well the map separates region pixels from the rest (0.5 chance, 1 perfect; higher is better). */
export const aucMetric = defineLocalisationMetric(
  {
    name: 'auc',
    title: 'Localisation AUC',
    summary: 'The area under the ROC curve of the map as a classifier of region pixels: 1 when every region pixel outranks every other, 0.5 for chance.',
    reference: 'Fawcett 2006, An introduction to ROC analysis',
    higherIsBetter: true,
  },
  defineSchema({}),
  (relevance, mask) => rocAuc(relevance, mask),
);
