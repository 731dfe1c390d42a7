/**
 * The method a wrapper (the noise tunnel) runs: a registry name, a registry entry or a typed
 * function. Names are resolved by a lookup handed in by the caller (the registry's getMethod), so a
 * wrapper never imports the registry that lists it.
 */
import { SaliencyError } from '../../core/errors.ts';
import type { ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import type { Attribution } from '../../core/result.ts';
import type { MethodDefinition } from '../definition.ts';

/** Any attribution function `(model, input, options) => Promise<Attribution>`, e.g. `integratedGradients`. */
export type AttributionFunction = (model: ExplainableModel | ModelAdapter, input: ModelInput, options: never) => Promise<Attribution>;

/** An inner method: a registered name ('saliency', 'integrated-gradients' ...), a registry entry or a function. */
export type InnerMethod = string | MethodDefinition | AttributionFunction;

/** Finds a registered method by name, or throws an error listing the registered names (the registry's getMethod). */
export type MethodLookup = (name: string) => MethodDefinition;

/** Runs the inner method on `input` with `options`. */
export type InnerRunner = (input: ModelInput, options: Readonly<Record<string, unknown>>) => Promise<Attribution>;

/** Resolves `method` into a runner for `model`; a name is found by `lookup`. */
export function innerRunner(model: ExplainableModel | ModelAdapter, method: InnerMethod, lookup: MethodLookup): InnerRunner {
  if (typeof method === 'string') return definitionRunner(model, lookup(method));
  if (typeof method === 'function') {
    const run = method as unknown as (m: ExplainableModel | ModelAdapter, i: ModelInput, o: Readonly<Record<string, unknown>>) => Promise<Attribution>;
    return (input, options) => run(model, input, options);
  }
  if (typeof method === 'object' && method !== null && typeof method.run === 'function') return definitionRunner(model, method);
  throw new SaliencyError('INVALID_ARGUMENT', 'method: expected a registered method name, a registry entry or an attribution function', 'method');
}

function definitionRunner(model: ExplainableModel | ModelAdapter, definition: MethodDefinition): InnerRunner {
  return (input, options) => definition.run(model, input, options);
}
