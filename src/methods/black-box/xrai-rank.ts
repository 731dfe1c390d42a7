/**
 * XRAI's region ranking (Kapishnikov et al. 2019; PAIR saliency's _xrai and _xrai_fast): greedily
 * add the candidate mask whose not-yet-covered pixels have the highest mean attribution (their
 * "gain"), until the covered area passes `areaThreshold` or no mask adds `minPixelDiff` new
 * pixels; each pixel's value is the gain of the step that covered it, pixels never covered get
 * the mean attribution over them. 'fast' ranks the masks once by their whole-mask density.
 * Per-mask counts and sums are updated only where newly covered pixels lie, so 'full' is exact and
 * costs the total mask area once, not once per step.
 */
import { check } from '../../core/errors.ts';

/** One ranked region: the pixels it added and their mean attribution. */
export interface XraiRegion {
  /** Sorted pixel indices (row-major). */
  readonly pixels: Int32Array;
  /** Mean attribution over `pixels`. */
  readonly gain: number;
}

/** A ranking: the XRAI map and its regions, highest gain first (the never-covered rest last). */
export interface XraiRanking {
  /** Per pixel: the gain of the region that covered it. */
  readonly map: Float64Array;
  /** Regions from the highest gain down, as PAIR's `flatten_xrai_segments` ranks them. */
  readonly regions: readonly XraiRegion[];
}

/** Options of {@link rankRegions}; the defaults are PAIR's. */
export interface RankRegionsOptions {
  /** 'full' (overlap-aware, PAIR's default) or 'fast'. Default 'full'. */
  readonly algorithm?: 'full' | 'fast';
  /** Stop once this fraction of the image is covered ('full' only). Default 1. */
  readonly areaThreshold?: number;
  /** Masks adding fewer new pixels than this are dropped. Default 50. */
  readonly minPixelDiff?: number;
}

/** Ranks `masks` (sorted pixel-index lists) by the density of `attribution` (one value per pixel). */
export function rankRegions(attribution: ArrayLike<number>, masks: readonly Int32Array[], options: RankRegionsOptions = {}): XraiRanking {
  const { algorithm = 'full', areaThreshold = 1, minPixelDiff = 50 } = options;
  check(algorithm === 'full' || algorithm === 'fast', 'algorithm', `expected 'full' or 'fast', got ${String(algorithm)}`);
  check(Number.isFinite(areaThreshold) && areaThreshold >= 0 && areaThreshold <= 1, 'areaThreshold', `expected a number from 0 to 1, got ${areaThreshold}`);
  check(Number.isInteger(minPixelDiff) && minPixelDiff >= 1, 'minPixelDiff', `expected an integer >= 1, got ${minPixelDiff}`);
  const size = attribution.length;
  const covered = new Uint8Array(size);
  const map = new Float64Array(size).fill(-Infinity);
  const trace: XraiRegion[] = [];
  const add = (pixels: readonly number[], gain: number): void => {
    for (const p of pixels) {
      covered[p] = 1;
      map[p] = gain;
    }
    trace.push({ pixels: Int32Array.from(pixels), gain });
  };
  if (algorithm === 'fast') rankFast(attribution, masks, covered, minPixelDiff, add);
  else rankFull(attribution, masks, covered, { areaThreshold, minPixelDiff }, add);
  const rest: number[] = [];
  let restSum = 0;
  map.forEach((v, p) => {
    if (v === -Infinity) {
      rest.push(p);
      restSum += attribution[p] as number;
    }
  });
  const regions = trace.map((r, i) => ({ r, i })).sort((a, b) => b.r.gain - a.r.gain || a.i - b.i).map(({ r }) => r);
  if (rest.length > 0) {
    const gain = restSum / rest.length;
    rest.forEach((p) => (map[p] = gain));
    regions.push({ pixels: Int32Array.from(rest), gain });
  }
  return { map, regions };
}

type Add = (pixels: readonly number[], gain: number) => void;

function uncovered(mask: Int32Array, covered: Uint8Array): number[] {
  const out: number[] = [];
  for (const p of mask) if (!covered[p]) out.push(p);
  return out;
}

function mean(attribution: ArrayLike<number>, pixels: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < pixels.length; i++) sum += attribution[pixels[i] as number] as number;
  return sum / pixels.length;
}

function rankFast(attribution: ArrayLike<number>, masks: readonly Int32Array[], covered: Uint8Array, minPixelDiff: number, add: Add): void {
  const order = masks.map((m, i) => ({ i, density: m.length === 0 ? -Infinity : mean(attribution, m) })).sort((a, b) => b.density - a.density || a.i - b.i);
  for (const { i } of order) {
    const diff = uncovered(masks[i] as Int32Array, covered);
    if (diff.length < minPixelDiff) continue;
    add(diff, mean(attribution, diff));
  }
}

function rankFull(
  attribution: ArrayLike<number>,
  masks: readonly Int32Array[],
  covered: Uint8Array,
  limits: { areaThreshold: number; minPixelDiff: number },
  add: Add,
): void {
  const size = attribution.length;
  const counts = Float64Array.from(masks, (m) => m.length);
  const sums = Float64Array.from(masks, (m) => (m.length === 0 ? 0 : mean(attribution, m) * m.length));
  const owners = pixelOwners(masks, size);
  const alive = new Uint8Array(masks.length).fill(1);
  let area = 0;
  while (area / size <= limits.areaThreshold) {
    let best = -1;
    let bestGain = -Infinity;
    for (let m = 0; m < masks.length; m++) {
      if (!alive[m]) continue;
      if ((counts[m] as number) < limits.minPixelDiff) {
        alive[m] = 0;
        continue;
      }
      const gain = (sums[m] as number) / (counts[m] as number);
      if (gain > bestGain || best < 0) {
        bestGain = gain;
        best = m;
      }
    }
    if (best < 0) break;
    alive[best] = 0;
    const diff = uncovered(masks[best] as Int32Array, covered);
    add(diff, bestGain);
    area += diff.length;
    for (const p of diff) {
      for (let k = owners.start[p] as number; k < (owners.start[p + 1] as number); k++) {
        const m = owners.list[k] as number;
        counts[m] = (counts[m] as number) - 1;
        sums[m] = (sums[m] as number) - (attribution[p] as number);
      }
    }
  }
}

/** For each pixel, the masks containing it (CSR layout: list[start[p]..start[p+1]]). */
function pixelOwners(masks: readonly Int32Array[], size: number): { start: Int32Array; list: Int32Array } {
  const start = new Int32Array(size + 1);
  for (const m of masks) for (const p of m) start[p + 1] = (start[p + 1] as number) + 1;
  for (let p = 0; p < size; p++) start[p + 1] = (start[p + 1] as number) + (start[p] as number);
  const fill = start.slice(0, size);
  const list = new Int32Array(start[size] as number);
  masks.forEach((m, i) => {
    for (const p of m) {
      list[fill[p] as number] = i;
      fill[p] = (fill[p] as number) + 1;
    }
  });
  return { start, list };
}
