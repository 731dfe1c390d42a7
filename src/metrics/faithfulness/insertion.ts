/**
 * Insertion (Petsiuk et al. 2018, "RISE"): start from a blurred (or constant) canvas and put the
 * most relevant features back first; the area under the score curve is higher for a faithful map.
 */
import { defineMetric } from '../definition.ts';
import { curveSchema, perturbationCurves } from './curve.ts';

/** Insertion's options: steps 50, patch 1, baseline 'blur', blurSigma 5, batchSize 64. */
export const insertionSchema = curveSchema('blur', "The canvas features are inserted into: 'blur' (default, a Gaussian blur of the sample), 'mean' or a number.");

/** Insertion AUC: the area under the score as the most relevant features are inserted first (higher is better). */
export const insertionMetric = defineMetric(
  {
    name: 'insertion',
    title: 'Insertion AUC',
    family: 'faithfulness',
    summary: 'Area under the target score as the most relevant features are put back into a blurred canvas first: a faithful map makes it rise fast (higher is better).',
    reference: 'Petsiuk, Das, Saenko 2018, RISE: Randomized Input Sampling for Explanation of Black-box Models',
    higherIsBetter: true,
    produces: 'curves',
  },
  insertionSchema,
  (context, options) => perturbationCurves(context, options, 'insert'),
);
