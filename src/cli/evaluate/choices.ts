/**
 * `--method m1,m2` and `--metric a,b` of `saliency evaluate`, checked at the boundary before any
 * model is loaded: every name known, every `--option key=value` declared by at least one chosen
 * method (and given to those that declare it), every `--metric-option key=value` by at least one
 * chosen metric; values converted by the schemas ('20' -> 20).
 */
import type { MetricDefinition } from '../../metrics/definition.ts';
import { METRICS, getMetric } from '../../metrics/registry.ts';
import { UsageError } from '../errors.ts';
import { methodCall, type MethodArgs, type MethodCall } from '../explain-request.ts';
import { chooseMethod } from '../method-choice.ts';

/** A metric with its options. */
export interface MetricCall {
  readonly definition: MetricDefinition;
  readonly options: Readonly<Record<string, unknown>>;
}

/** Default `--metric`: the faithfulness pair of the RISE paper. */
export const DEFAULT_METRICS = ['deletion', 'insertion'] as const;

function pick(options: Readonly<Record<string, string>> | undefined, accepts: ReadonlySet<string>): Record<string, string> {
  return Object.fromEntries(Object.entries(options ?? {}).filter(([key]) => accepts.has(key)));
}

function checkUsed(flag: string, options: Readonly<Record<string, string>> | undefined, used: ReadonlySet<string>, chosen: readonly string[]): void {
  const unused = Object.keys(options ?? {}).filter((key) => !used.has(key));
  if (unused.length > 0) throw new UsageError(`${flag}: ${unused.map((k) => `'${k}'`).join(', ')} is an option of none of ${chosen.join(', ')}`);
}

/** Splits a comma list ('a, b,a' -> ['a', 'b']); an empty list is an error naming `flag`. */
export function nameList(flag: string, value: string): string[] {
  const names = [...new Set(value.split(',').map((n) => n.trim()).filter(Boolean))];
  if (names.length === 0) throw new UsageError(`${flag}: expected a comma-separated list of names, got '${value}'`);
  return names;
}

/** The calls of the chosen methods; `--layer` goes to the methods that take one. */
export function methodCalls(names: readonly string[], args: MethodArgs): MethodCall[] {
  const used = new Set<string>();
  const calls = names.map((name) => {
    const { definition } = chooseMethod(name);
    const accepts = new Set(definition.options.map((o) => o.name));
    const option = pick(args.option, accepts);
    Object.keys(option).forEach((k) => used.add(k));
    const layer = accepts.has('layer') ? args.layer : undefined;
    const backprop = definition.takesBackpropModifier ? args.backprop : undefined;
    const gradModifier = accepts.has('gradModifier') ? args.gradModifier : undefined;
    return methodCall({ method: name, option, ...(layer !== undefined ? { layer } : {}), ...(backprop ? { backprop } : {}), ...(gradModifier ? { gradModifier } : {}), ...(args.softmax ? { softmax: args.softmax } : {}) });
  });
  checkUsed('--option', args.option, used, names);
  return calls;
}

/** The chosen metrics with their options (converted by each metric's schema). */
export function metricCalls(names: readonly string[], options: Readonly<Record<string, string>> | undefined): MetricCall[] {
  const known = METRICS.map((m) => m.name);
  const used = new Set<string>();
  const calls = names.map((name) => {
    if (!known.includes(name)) throw new UsageError(`--metric: '${name}' is not a metric; choose from ${known.join(', ')}`);
    const definition = getMetric(name);
    const own = pick(options, new Set(definition.options.map((o) => o.name)));
    Object.keys(own).forEach((k) => used.add(k));
    try {
      return { definition, options: definition.parse(own) };
    } catch (error) {
      throw new UsageError(`--metric-option (${name}): ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  checkUsed('--metric-option', options, used, names);
  return calls;
}
