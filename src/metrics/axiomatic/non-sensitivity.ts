/**
 * Non-sensitivity (Nguyen and Martinez 2020, as Quantus computes it): each feature is removed on its
 * own (set to the baseline); a feature violates the axiom when it has no relevance (|a| / max |a| <
 * eps) yet removing it changes the score by eps or more, or has relevance yet removing it changes
 * nothing. The score counts the violating pixels; lower is better.
 */
import { defineSchema, option } from '../../methods/schema.ts';
import { baselineOption, blurSigmaOption } from '../baselines.ts';
import { defineMetric } from '../definition.ts';
import { featureGroups } from '../layout.ts';
import { batchSizeOption } from '../options.ts';
import { removalDrops } from '../removal-drops.ts';

/** Non-sensitivity's options: eps 1e-5 (Quantus's), patch 1, baseline 0, blurSigma 5, batchSize 64. */
export const nonSensitivitySchema = defineSchema({
  /** Threshold on |a| / max |a| and on the score change. Default 1e-5. */
  eps: option.number({ default: 1e-5, min: 0, doc: 'A pixel has no relevance when |a| / max |a| < eps; removing it changes nothing when the score moves less than eps.' }),
  /** Pixels removed together (patch x patch; Quantus's features_in_step). Default 1. */
  patch: option.integer({ default: 1, min: 1, max: 4096, doc: 'Features removed together are patch x patch pixels (1: one pixel at a time).' }),
  /** What a removed feature becomes. Default 0. */
  baseline: baselineOption(0, "What a removed feature becomes: a number (default 0), 'mean' or 'blur'."),
  /** Sigma of the 'blur' baseline. Default 5. */
  blurSigma: blurSigmaOption,
  /** Rows per model call. Default 64. */
  batchSize: batchSizeOption,
});

/** Non-sensitivity: the number of pixels whose relevance disagrees with the effect of removing them (lower is better). */
export const nonSensitivityMetric = defineMetric(
  {
    name: 'non-sensitivity',
    title: 'Non-sensitivity violations',
    family: 'axiomatic',
    summary: 'The number of pixels with zero relevance whose removal changes the score, or with relevance whose removal changes nothing (lower is better).',
    reference: 'Nguyen, Martinez 2020, On Quantitative Aspects of Model Interpretability',
    higherIsBetter: false,
  },
  nonSensitivitySchema,
  async (context, options) => {
    const { layout } = context;
    const groups = featureGroups(layout, options.patch);
    const pixels = await context.pixelMaps();
    const drops = await removalDrops(context, groups, options);
    return {
      scores: pixels.map((relevance, s) => {
        const largest = relevance.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        let violations = 0;
        groups.forEach((members, f) => {
          const unchanged = Math.abs((drops[s] as Float32Array)[f] as number) < options.eps;
          members.forEach((p) => {
            const irrelevant = largest === 0 || Math.abs(relevance[p] as number) / largest < options.eps;
            if (unchanged !== irrelevant) violations++;
          });
        });
        return violations;
      }),
    };
  },
);
