/**
 * Running one metric: check the options against its schema, read the input, open the context,
 * compute, and build the {@link MetricResult} with its metadata; the context is closed also when
 * the metric throws or is cancelled.
 */
import { SaliencyError, checkChoice } from '../core/errors.ts';
import type { ModelInput } from '../core/input.ts';
import { throwIfCancelled } from '../core/progress.ts';
import { resolveOptions, type OptionSchema, type ResolvedOptions } from '../methods/schema.ts';
import { openMetricContext, type MetricContext } from './context.ts';
import type { MetricCommonOptions, MetricOutput, MetricResult } from './result.ts';
import { readMetricInputs } from './inputs.ts';
import type { MetricTarget } from './scoring.ts';
import { isExplainerSource, type AttributionSource, type MetricModel } from './sources.ts';

/** What {@link runMetric} reads of a metric's definition. */
export interface RunnableMetric<S extends OptionSchema> {
  readonly name: string;
  readonly schema: S;
  readonly higherIsBetter: boolean;
  readonly needsModel: boolean;
  readonly needsExplainer: boolean;
}

/** A metric's computation, given the opened context and its checked, defaulted options. */
export type MetricCompute<S extends OptionSchema> = (context: MetricContext, options: ResolvedOptions<S>) => Promise<MetricOutput>;

/** Runs `definition` (what every registry entry's `run` calls). */
export async function runMetric<S extends OptionSchema>(
  definition: RunnableMetric<S>,
  compute: MetricCompute<S>,
  model: MetricModel | null,
  input: ModelInput,
  attribution: AttributionSource,
  options: Readonly<Record<string, unknown>>,
): Promise<MetricResult> {
  const started = performance.now();
  const common = options as MetricCommonOptions;
  const resolved = resolveMetricOptions(definition.schema, options, definition.name);
  if (common.softmax !== undefined) checkChoice(common.softmax, ['remove', 'keep'], 'softmax');
  if (definition.needsModel && model === null) throw new SaliencyError('INVALID_ARGUMENT', `model: '${definition.name}' runs the model; got null`, 'model');
  if (definition.needsExplainer && !isExplainerSource(attribution)) {
    throw new SaliencyError('INVALID_ARGUMENT', `attribution: '${definition.name}' recomputes maps, so it needs { explainer: { method, options } } (e.g. { explainer: { method: 'saliency' } })`, 'attribution');
  }
  throwIfCancelled(common.signal);
  const inputs = await readMetricInputs(model, input);
  const context = openMetricContext(model, inputs, attribution, {
    metric: definition.name,
    target: common.target as MetricTarget | undefined,
    softmax: common.softmax,
    ...(common.onProgress ? { onProgress: common.onProgress } : {}),
    ...(common.signal ? { signal: common.signal } : {}),
  });
  try {
    const output = await compute(context, resolved);
    const units = await (definition.needsModel || isExplainerSource(attribution) ? context.units() : Promise.resolve(undefined));
    return {
      metric: definition.name,
      scores: [...output.scores],
      higherIsBetter: definition.higherIsBetter,
      meta: {
        method: context.methodName(),
        target: context.targetDescription(),
        ...(units ? { units: [...units] } : {}),
        options: plainOptions(resolved),
        evaluations: context.evaluations() / inputs.batchSize,
        milliseconds: performance.now() - started,
        warnings: [...context.warnings(), ...(output.warnings ?? [])],
        ...(output.extra ? { extra: output.extra } : {}),
      },
      ...(output.curves ? { curves: output.curves } : {}),
      ...(output.perLayer ? { perLayer: output.perLayer } : {}),
    };
  } finally {
    await context.close();
  }
}

/** The resolved options that are plain values (numbers, strings, booleans, null, lists of numbers). */
function plainOptions(options: object): Record<string, unknown> {
  const plain = (v: unknown): boolean => v === null || ['number', 'string', 'boolean'].includes(typeof v) || (Array.isArray(v) && v.every((x) => typeof x === 'number'));
  return Object.fromEntries(Object.entries(options).filter(([, v]) => plain(v)));
}

/** Options every metric takes, checked where they are used. */
export const METRIC_COMMON_OPTIONS = ['target', 'softmax', 'onProgress', 'signal'] as const;

/** `options` without the common ones (checked by the runner). */
export function withoutCommon(options: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).filter(([name]) => !(METRIC_COMMON_OPTIONS as readonly string[]).includes(name)));
}

/** The declared options of `schema` resolved from `options`. */
export function resolveMetricOptions<S extends OptionSchema>(schema: S, options: Readonly<Record<string, unknown>>, metric: string): ResolvedOptions<S> {
  return resolveOptions(schema, withoutCommon(options), metric);
}
