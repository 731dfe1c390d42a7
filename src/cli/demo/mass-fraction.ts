/** How much of a map's magnitude falls inside a region: the "is it looking at the mark?" number. */
import type { NdArray } from '../../core/ndarray.ts';

/**
 * The fraction of the total |value| of `map` that lies where `region` is non-zero (`region` holds
 * one weight per map value, e.g. a 0/1 mask of the same height x width). 0 for an all-zero map.
 */
export function regionMassFraction(map: NdArray, region: ArrayLike<number>): number {
  if (region.length !== map.data.length) {
    throw new RangeError(`region: expected ${map.data.length} values (one per map value, map shape [${map.shape.join(', ')}]), got ${region.length}`);
  }
  let inside = 0;
  let total = 0;
  map.data.forEach((value, i) => {
    const magnitude = Math.abs(value);
    total += magnitude;
    if (region[i] !== 0) inside += magnitude;
  });
  return total > 0 ? inside / total : 0;
}
