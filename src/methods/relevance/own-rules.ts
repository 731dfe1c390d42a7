/**
 * The relevance methods replace the gradients of the non-linear layers by their own rules, so a
 * backprop modifier (which replaces the ReLUs' gradients too) cannot apply: it is refused, naming
 * the method and saying why, as Guided Backprop refuses one.
 */
import { check } from '../../core/errors.ts';
import type { ExplainOptions } from '../../core/explain.ts';

/** The options every relevance method takes: the shared ones, without a backprop modifier. */
export type RelevanceBaseOptions = Omit<ExplainOptions, 'backpropModifier'>;

/** Throws an INVALID_ARGUMENT error naming `backpropModifier` unless it is unset (undefined or null). */
export function refuseOwnRuleOverride(options: object, method: string): void {
  const given = (options as ExplainOptions).backpropModifier;
  const label = typeof given === 'function' ? 'a function' : `'${String(given)}'`;
  check(given === undefined || given === null, 'backpropModifier', `${method} passes relevance back by its own rules, which a backprop modifier (got ${label}) would replace; leave it unset`);
}
