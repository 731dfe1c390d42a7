/**
 * Where a map's evidence lies relative to a region, measured by the library's localisation metrics
 * on the map summed over channels, in absolute value: the share of the map's magnitude inside (relevance mass
 * accuracy, Arras et al. 2022), the share of the strongest 2 % of pixels inside (top-k
 * intersection, Theiner et al. 2021), and the region's share of the image (what a uniform map
 * would give).
 */
import type { ModelInput } from '../../core/input.ts';
import type { NdArray } from '../../core/ndarray.ts';
import { evaluate } from '../../metrics/evaluate.ts';

/** Fraction of the pixels counted as "strongest" for {@link RegionShare.peakInside} (2 %, at least one). */
export const PEAK_FRACTION = 0.02;

/** Where one map's evidence lies. */
export interface RegionShare {
  /** Share of the map's total |value| inside the region (NaN for an all-zero map). */
  readonly inside: number;
  /** Share of the image the region covers. */
  readonly area: number;
  /** Share of the {@link PEAK_FRACTION} strongest pixels that lie inside the region. */
  readonly peakInside: number;
}

/** The height and width of a map batch ([N, H, W] or [N, H, W, C]). */
export function mapGrid(map: NdArray): { rows: number; cols: number } {
  const [, rows, cols] = map.shape;
  if (rows === undefined || cols === undefined) throw new Error(`audit: expected maps [N, H, W] or [N, H, W, C], got [${map.shape.join(', ')}]`);
  return { rows, cols };
}

/** How many pixels of `pixels` count as the strongest: {@link PEAK_FRACTION} of them, at least one. */
export function peakCount(pixels: number): number {
  return Math.max(1, Math.round(pixels * PEAK_FRACTION));
}

/** Where `map` (of the one sample of `input`) lies relative to the 0/1 `region` on its grid. */
export async function regionShare(input: ModelInput, map: NdArray, region: Uint8Array): Promise<RegionShare> {
  const { rows, cols } = mapGrid(map);
  const mask: NdArray = { data: Float32Array.from(region), shape: [1, rows, cols] };
  const options = { region: mask, absolute: true };
  const [mass, peak] = await Promise.all([
    evaluate(null, input, map, 'relevance-mass-accuracy', options),
    evaluate(null, input, map, 'top-k-intersection', { ...options, k: peakCount(rows * cols) }),
  ]);
  return { inside: mass.scores[0] ?? Number.NaN, area: region.reduce((s, v) => s + v, 0) / region.length, peakInside: peak.scores[0] ?? Number.NaN };
}
