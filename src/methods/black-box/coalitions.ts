/**
 * Coalitions over features: perturbed copies that keep each feature by a weight z in [0, 1] (1 kept,
 * 0 replaced by the baseline, in between a blend: row = b + (x - b) z, Captum's interpretable
 * transform and Xplique's inpainting).
 */
import type { PerturbationSet } from '../perturbation/evaluate.ts';
import type { SampleGroups } from '../perturbation/feature-groups.ts';

/** The feature weights of copy `index` of `sample` (one per feature of that sample). */
export type CoalitionOf = (sample: number, index: number) => ArrayLike<number>;

/** The perturbed copies whose feature weights `coalition` gives, `count(sample)` per sample. */
export function coalitionSet(groups: readonly SampleGroups[], count: (sample: number) => number, coalition: CoalitionOf): PerturbationSet {
  return {
    count,
    apply: (sample, index, rows, baselines) => {
      const z = coalition(sample, index);
      (groups[sample] as SampleGroups).groupOf.forEach((groupOf, i) => {
        const row = rows[i] as Float32Array;
        const base = baselines[i] as Float32Array;
        for (let p = 0; p < row.length; p++) {
          const keep = z[groupOf[p] as number] as number;
          if (keep === 1) continue;
          const b = base[p] as number;
          row[p] = keep === 0 ? b : b + ((row[p] as number) - b) * keep;
        }
      });
    },
  };
}
