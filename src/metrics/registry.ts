/**
 * Every metric, with its options and defaults. The CLI, the gallery's saliency cards and the
 * explorer read this list, so a new metric appears in all of them by being added here.
 */
import { SaliencyError } from '../core/errors.ts';
import type { MetricDefinition } from './definition.ts';
import { deletionMetric } from './faithfulness/deletion.ts';
import { insertionMetric } from './faithfulness/insertion.ts';
import { faithfulnessCorrelationMetric } from './faithfulness/faithfulness-correlation.ts';
import { monotonicityMetric } from './faithfulness/monotonicity.ts';
import { roadMetric } from './faithfulness/road.ts';
import { completenessMetric } from './axiomatic/completeness.ts';
import { nonSensitivityMetric } from './axiomatic/non-sensitivity.ts';
import { mprtMetric } from './randomisation/mprt.ts';
import { randomLogitMetric } from './randomisation/random-logit.ts';
import { maxSensitivityMetric, avgSensitivityMetric } from './robustness/max-sensitivity.ts';
import { localLipschitzMetric } from './robustness/local-lipschitz.ts';
import { pointingGameMetric } from './localisation/pointing-game.ts';
import { relevanceMassAccuracyMetric } from './localisation/relevance-mass-accuracy.ts';
import { relevanceRankAccuracyMetric } from './localisation/relevance-rank-accuracy.ts';
import { topKIntersectionMetric } from './localisation/top-k-intersection.ts';
import { aucMetric } from './localisation/auc.ts';
import { sparsenessMetric } from './complexity/sparseness.ts';
import { complexityMetric } from './complexity/entropy.ts';
import { effectiveComplexityMetric } from './complexity/effective-complexity.ts';

/** All registered metrics, grouped by family (faithfulness, randomisation, localisation, robustness, complexity, axiomatic). */
export const METRICS: readonly MetricDefinition[] = [
  deletionMetric,
  insertionMetric,
  faithfulnessCorrelationMetric,
  roadMetric,
  monotonicityMetric,
  mprtMetric,
  randomLogitMetric,
  pointingGameMetric,
  relevanceMassAccuracyMetric,
  relevanceRankAccuracyMetric,
  topKIntersectionMetric,
  aucMetric,
  maxSensitivityMetric,
  avgSensitivityMetric,
  localLipschitzMetric,
  sparsenessMetric,
  complexityMetric,
  effectiveComplexityMetric,
  completenessMetric,
  nonSensitivityMetric,
];

/** The metric registered as `name`; the error lists the registered names. */
export function getMetric(name: string): MetricDefinition {
  const found = METRICS.find((m) => m.name === name);
  if (!found) {
    throw new SaliencyError('INVALID_ARGUMENT', `metric: '${name}' is not a registered metric; metrics are ${metricNames().join(', ')}`, 'metric');
  }
  return found;
}

/** The names of the registered metrics, in registry order. */
export function metricNames(): string[] {
  return METRICS.map((m) => m.name);
}
