/**
 * Seeded random numbers, so that every randomised result is reproducible from its `seed`: uniform
 * generators, integers and standard normal draws (SmoothGrad, GradientSHAP, RISE, perturbations).
 */
import seedrandom from 'seedrandom';
import { check } from './errors.ts';

/** A source of uniform numbers in [0, 1). */
export type RandomSource = () => number;

/** A uniform generator seeded by `seed` (an integer, named `argument` in errors). */
export function seededRandom(seed: number, argument = 'seed'): RandomSource {
  check(Number.isInteger(seed), argument, `got ${seed}; expected an integer`);
  return seedrandom(`tfjs-saliency:${seed}`);
}

/** A uniform integer in [low, high] (both included). */
export function randomInteger(random: RandomSource, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

/**
 * `count` draws of N(0, 1) (Box-Muller on seedrandom's ARC4 generator) from the stream named
 * `stream` of seed `seed`: the same seed and stream always give the same numbers.
 */
export function standardNormals(seed: number, stream: string, count: number): Float32Array {
  check(Number.isInteger(seed), 'seed', `got ${seed}; expected an integer`);
  const random = seedrandom(`tfjs-saliency:${seed}:${stream}`);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    out[i] = radius * Math.cos(angle);
    if (i + 1 < count) out[i + 1] = radius * Math.sin(angle);
  }
  return out;
}

/** Seeded uniform numbers in [0, 1) from the stream named `stream` of seed `seed`. */
export function seededUniform(seed: number, stream: string): () => number {
  check(Number.isInteger(seed), 'seed', `got ${seed}; expected an integer`);
  return seedrandom(`tfjs-saliency:${seed}:${stream}`);
}

/** Shuffles `values` in place (Fisher-Yates from the last element, one `random()` draw per position) and returns it. */
export function shuffleInPlace<T extends { [index: number]: number; readonly length: number }>(values: T, random: () => number): T {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [values[i], values[j]] = [values[j] as number, values[i] as number];
  }
  return values;
}
