/**
 * Deletion (Petsiuk et al. 2018, "RISE"; pixel flipping, MoRF): remove the most relevant features
 * first and watch the target score fall; the area under the curve is lower for a more faithful map.
 */
import { defineMetric } from '../definition.ts';
import { curveSchema, perturbationCurves } from './curve.ts';

/** Deletion's options: steps 50, patch 1, baseline 0, blurSigma 5, batchSize 64. */
export const deletionSchema = curveSchema(0, "What deleted features become: a number (default 0), 'mean' (the sample's per-channel mean) or 'blur'.");

/** Deletion AUC: the area under the score as the most relevant features are removed first (lower is better). */
export const deletionMetric = defineMetric(
  {
    name: 'deletion',
    title: 'Deletion AUC',
    family: 'faithfulness',
    summary: 'Area under the target score as the most relevant features are replaced by the baseline first: a faithful map makes it drop fast (lower is better).',
    reference: 'Petsiuk, Das, Saenko 2018, RISE: Randomized Input Sampling for Explanation of Black-box Models',
    higherIsBetter: false,
    produces: 'curves',
  },
  deletionSchema,
  (context, options) => perturbationCurves(context, options, 'delete'),
);
