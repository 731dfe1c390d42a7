/**
 * Every metric, with its options and defaults. The CLI, the gallery's saliency cards and the
 * explorer read this list, so a new metric appears in all of them by being added here.
 */
import { SaliencyError } from '../core/errors.ts';
import type { MetricDefinition } from './definition.ts';
import { deletionMetric } from './faithfulness/deletion.ts';
import { insertionMetric } from './faithfulness/insertion.ts';

/** All registered metrics, grouped by family. */
export const METRICS: readonly MetricDefinition[] = [deletionMetric, insertionMetric];

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
