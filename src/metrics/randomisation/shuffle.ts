/** Seeded shuffles of weight values (the randomisation metrics' re-initialisation). */
import { seededUniform, shuffleInPlace } from '../../core/random.ts';

/** A seeded Fisher-Yates shuffle of every value of `values` (a new array); `stream` names the draw. */
export function shuffledValues(values: Float32Array, seed: number, stream: string): Float32Array {
  const random = seededUniform(seed, `shuffle:${stream}`);
  return shuffleInPlace(Float32Array.from(values), random);
}
