/** Seeded shuffles of weight values (the randomisation metrics' re-initialisation). */
import { seededUniform } from '../../core/random.ts';

/** A seeded Fisher-Yates shuffle of every value of `values` (a new array); `stream` names the draw. */
export function shuffledValues(values: Float32Array, seed: number, stream: string): Float32Array {
  const random = seededUniform(seed, `shuffle:${stream}`);
  const out = Float32Array.from(values);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as number, out[i] as number];
  }
  return out;
}
