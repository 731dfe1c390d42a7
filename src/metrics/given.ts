/**
 * Reading what a metric is given: the explainer checked, the map of the first input taken from an
 * Attribution or plain arrays, the units known before any run, and the target described for the
 * metadata.
 */
import { SaliencyError } from '../core/errors.ts';
import { sizeOf, type NdArray } from '../core/ndarray.ts';
import type { Attribution } from '../core/result.ts';
import { getMethod } from '../methods/registry.ts';
import { toMetricTarget, type MetricTarget } from './scoring.ts';
import type { ExplainerSpec } from './sources.ts';

/** Checks an explainer: a registered method's name (the error lists them) or a function. */
export function checkExplainer(spec: ExplainerSpec): ExplainerSpec {
  const ok = typeof spec === 'object' && spec !== null && (typeof spec.method === 'string' || typeof spec.method === 'function');
  if (!ok) throw new SaliencyError('INVALID_ARGUMENT', `attribution.explainer: expected { method: a method name or function, options? }`, 'attribution');
  if (typeof spec.method === 'string') getMethod(spec.method);
  return spec;
}

/** The units known before any run: per-sample classes, one class for all, or the attribution's units. */
export function initialUnits(target: MetricTarget | undefined, given: Attribution | undefined, batchSize: number): number[] | undefined {
  if (Array.isArray(target)) return [...(target as readonly number[])];
  if (typeof target === 'number') return new Array<number>(batchSize).fill(target);
  if (target === undefined && given?.meta.units) return [...given.meta.units];
  return undefined;
}

/** The map of the first input from an Attribution's maps, a map, or a list of maps. */
export function mapOf(maps: NdArray | readonly NdArray[]): NdArray {
  const map = Array.isArray(maps) ? (maps as readonly NdArray[])[0] : (maps as NdArray);
  const ok = map !== undefined && map.data instanceof Float32Array && Array.isArray(map.shape) && map.data.length === sizeOf(map.shape);
  if (!ok) throw new SaliencyError('INVALID_ARGUMENT', 'attribution: expected an Attribution, a map {data: Float32Array, shape} (batch first), a list of maps, or { explainer }', 'attribution');
  return map;
}

/** The target as the metadata shows it. */
export function describeTarget(target: MetricTarget | undefined, given: Attribution | undefined, explained: Attribution | undefined): string {
  if (typeof target === 'number') return `class ${target}`;
  if (Array.isArray(target)) return `per-sample classes [${target.join(', ')}]`;
  if (target !== undefined) return toMetricTarget(target).description;
  return given?.meta.target ?? explained?.meta.target ?? 'predicted class';
}
