/** Seeded random numbers, so that every randomised result is reproducible from its `seed`. */
import seedrandom from 'seedrandom';
import { check } from '../../core/errors.ts';

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
