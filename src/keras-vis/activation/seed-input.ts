/** Starting points and post-processing of activation maximisation. */
import { check } from '../../core/errors.ts';
import type { RandomSource } from '../../core/random.ts';

/** A value range [low, high] of the optimised input. */
export type InputRange = readonly [number, number];

/** Checks a range, naming `argument`. */
export function checkRange(range: InputRange, argument = 'inputRange'): InputRange {
  check(Array.isArray(range) && range.length === 2 && range.every(Number.isFinite) && range[0] < range[1], argument, `got ${JSON.stringify(range)}; expected [low, high] with low < high`);
  return range;
}

/** tf-keras-vis's seed: uniform values in [low, high). */
export function uniformSeed(size: number, range: InputRange, random: RandomSource): Float32Array {
  const [low, high] = range;
  return Float32Array.from({ length: size }, () => low + (high - low) * random());
}

/**
 * keras-vis's seed (`utils.random_array`): uniform noise standardised to mean 0 and std 1
 * (std + 1e-7), then scaled to mean (low + high) / 2 and std 0.05 (high - low).
 */
export function kerasVisSeed(size: number, range: InputRange, random: RandomSource): Float32Array {
  const noise = Float64Array.from({ length: size }, () => random());
  return standardize(noise, 0.05 * (range[1] - range[0]), (range[0] + range[1]) / 2);
}

function standardize(values: ArrayLike<number>, scale: number, shift: number): Float32Array {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i] as number;
  mean /= n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += ((values[i] as number) - mean) ** 2;
  const std = Math.sqrt(variance / n);
  return Float32Array.from({ length: n }, (_, i) => (((values[i] as number) - mean) / (std + 1e-7)) * scale + shift);
}

/**
 * keras-vis `deprocess_input`: standardise, scale to std 0.1 around 0.5, clip to [0, 1], then map
 * to `range`. The result has about the same spread whatever the optimised values were.
 */
export function deprocessInput(values: ArrayLike<number>, range: InputRange = [0, 255]): Float32Array {
  const unit = standardize(values, 0.1, 0.5);
  return unit.map((v) => (range[1] - range[0]) * Math.min(1, Math.max(0, v)) + range[0]);
}

/** Clips values to `range` (a copy); null leaves them as they are. */
export function clipToRange(values: Float32Array, range: InputRange | null): Float32Array {
  if (range === null) return Float32Array.from(values);
  return values.map((v) => Math.min(range[1], Math.max(range[0], v)));
}
