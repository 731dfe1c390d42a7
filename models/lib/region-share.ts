/**
 * How much of a map's magnitude, and how many of its strongest values, fall inside a region: the
 * "is it looking at the mark?" numbers of the shortcut models' cards, tests and the demo.
 */
import type { NdArray } from '../../src/index.ts';

function checkRegion(map: NdArray, region: ArrayLike<number>): void {
  if (region.length !== map.data.length) {
    throw new RangeError(`region: expected ${map.data.length} values (one per map value, map shape [${map.shape.join(', ')}]), got ${region.length}`);
  }
}

/**
 * The fraction of the total |value| of `map` that lies where `region` is non-zero (`region` holds
 * one weight per map value, e.g. a 0/1 mask of the same height x width). 0 for an all-zero map.
 */
export function regionMassFraction(map: NdArray, region: ArrayLike<number>): number {
  checkRegion(map, region);
  let inside = 0;
  let total = 0;
  map.data.forEach((value, i) => {
    const magnitude = Math.abs(value);
    total += magnitude;
    if (region[i] !== 0) inside += magnitude;
  });
  return total > 0 ? inside / total : 0;
}

/**
 * The fraction of the `count` largest |values| of `map` that lie where `region` is non-zero (ties
 * broken by position, first first): 1 when the map's strongest values all fall inside the region.
 */
export function regionPeakFraction(map: NdArray, region: ArrayLike<number>, count: number): number {
  checkRegion(map, region);
  if (!Number.isInteger(count) || count < 1 || count > map.data.length) {
    throw new RangeError(`count: expected an integer from 1 to ${map.data.length}, got ${count}`);
  }
  const order = Array.from(map.data.keys()).sort((a, b) => Math.abs(map.data[b] as number) - Math.abs(map.data[a] as number));
  return order.slice(0, count).filter((i) => region[i] !== 0).length / count;
}
