/**
 * What a metric evaluates: the model (a TF.js model, an adapter, or a function model for metrics
 * that only need forward scores) and the maps, given as an Attribution, as plain arrays, or as an
 * explainer (a registered method's name or a function, with options) for metrics that recompute maps.
 */
import type { AnyModel } from '../core/function-model.ts';
import type { ModelInput } from '../core/input.ts';
import type { NdArray } from '../core/ndarray.ts';
import type { Attribution } from '../core/result.ts';

/** A model a metric can evaluate: gradients-free metrics also take a {@link FunctionModel}. */
export type MetricModel = AnyModel;

/** A method as a function: what {@link ExplainerSpec.method} may be instead of a registered name. */
export type ExplainFunction = (model: MetricModel, input: ModelInput, options: Readonly<Record<string, unknown>>) => Promise<Attribution>;

/** How to (re)compute maps: a registered method (e.g. 'saliency') or a function, with its options. */
export interface ExplainerSpec {
  /** A registered method's name, or a function (model, input, options) -> Attribution. */
  readonly method: string | ExplainFunction;
  /** The method's options (target is set by the metric). Default {}. */
  readonly options?: Readonly<Record<string, unknown>>;
}

/**
 * The maps a metric evaluates: an {@link Attribution} (what methods return), the map of the first
 * model input as an {@link NdArray} (batch first, the input's shape or its shape without channels),
 * a list with that map first, or `{ explainer }` (required by metrics that recompute maps:
 * randomisation and robustness).
 */
export type AttributionSource = Attribution | NdArray | readonly NdArray[] | { readonly explainer: ExplainerSpec };

/** True for an {@link Attribution}. */
export function isAttribution(value: unknown): value is Attribution {
  return typeof value === 'object' && value !== null && 'maps' in value && 'meta' in value && Array.isArray((value as Attribution).maps);
}

/** True for `{ explainer }`. */
export function isExplainerSource(value: unknown): value is { readonly explainer: ExplainerSpec } {
  return typeof value === 'object' && value !== null && 'explainer' in value;
}

/** The name an explainer is reported under. */
export function explainerName(spec: ExplainerSpec): string {
  return typeof spec.method === 'string' ? spec.method : spec.method.name || 'custom';
}
