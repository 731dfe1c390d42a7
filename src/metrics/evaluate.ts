/**
 * The one entry point of the metrics: `evaluate(model, input, attribution, metric, options)` finds
 * the metric in the registry and runs it (run.ts): per-sample scores with metadata, and curves or
 * per-layer similarities where the metric has them.
 */
import type { ModelInput } from '../core/input.ts';
import type { MetricCommonOptions, MetricDefinition, MetricResult } from './definition.ts';
import { getMetric } from './registry.ts';
import type { AttributionSource, MetricModel } from './sources.ts';

/** Options of {@link evaluate}: the common ones plus the metric's declared options (see `getMetric(name).options`). */
export type EvaluateOptions = MetricCommonOptions & Readonly<Record<string, unknown>>;

/**
 * Scores maps with a metric, one score per sample.
 *
 * @param model The model: a tf.LayersModel, tf.GraphModel, ModelAdapter, or a FunctionModel for metrics
 *   that need forward scores only; null for metrics that read the maps only (complexity, localisation).
 * @param input The samples the maps explain (batch first; the batch axis may be left out for a model).
 * @param attribution The maps: an Attribution, a map (NdArray) of the first input, or `{ explainer: { method, options } }`
 *   (needed by metrics that recompute maps: randomisation, robustness).
 * @param metric A registered metric's name (see {@link metricNames}) or its definition.
 * @param options The metric's options (defaults in `getMetric(name).defaults`) plus `target` (default: the
 *   attribution's units, else the predicted class), `softmax` (default: the attribution's, else 'remove'),
 *   `onProgress` and `signal`.
 * @example
 * const maps = await saliency(model, images, { target: 3 });
 * const { scores, curves } = await evaluate(model, images, maps, 'deletion', { steps: 20 });
 */
export async function evaluate(model: MetricModel | null, input: ModelInput, attribution: AttributionSource, metric: string | MetricDefinition, options: EvaluateOptions = {}): Promise<MetricResult> {
  const definition = typeof metric === 'string' ? getMetric(metric) : metric;
  return definition.run(model, input, attribution, options);
}

