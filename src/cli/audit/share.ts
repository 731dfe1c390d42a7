/**
 * Where a map's evidence lies relative to a region: the share of its magnitude inside (relevance
 * mass accuracy, Arras et al. 2022, on |values| summed over channels), the region's share of the
 * image (what a uniform map would give) and the share of the strongest pixels that fall inside.
 */
import type { NdArray } from '../../core/ndarray.ts';

/** Fraction of the pixels counted as "strongest" for {@link RegionShare.peakInside} (2 %, at least one). */
export const PEAK_FRACTION = 0.02;

/** Where one map's evidence lies. */
export interface RegionShare {
  /** Share of the map's total |value| inside the region (0 for an all-zero map). */
  readonly inside: number;
  /** Share of the image the region covers. */
  readonly area: number;
  /** Share of the {@link PEAK_FRACTION} strongest pixels that lie inside the region. */
  readonly peakInside: number;
}

/** The height and width of a map batch ([N, H, W] or [N, H, W, C]). */
export function mapGrid(map: NdArray): { rows: number; cols: number; channels: number } {
  const [, rows, cols, channels] = map.shape;
  if (rows === undefined || cols === undefined) throw new Error(`audit: expected maps [N, H, W] or [N, H, W, C], got [${map.shape.join(', ')}]`);
  return { rows, cols, channels: channels ?? 1 };
}

/** Per-pixel magnitude (|value| summed over channels) of sample `sample` of `map`. */
export function pixelMagnitude(map: NdArray, sample: number): Float64Array {
  const { rows, cols, channels } = mapGrid(map);
  const pixels = rows * cols;
  const out = new Float64Array(pixels);
  const base = sample * pixels * channels;
  for (let p = 0; p < pixels; p++) {
    for (let c = 0; c < channels; c++) out[p] += Math.abs(map.data[base + p * channels + c] as number);
  }
  return out;
}

/** Where `magnitude` lies relative to the 0/1 `region` of the same length. */
export function regionShare(magnitude: ArrayLike<number>, region: ArrayLike<number>): RegionShare {
  if (magnitude.length !== region.length) throw new RangeError(`region: ${region.length} values for a map of ${magnitude.length} pixels`);
  let inside = 0;
  let total = 0;
  let area = 0;
  for (let i = 0; i < magnitude.length; i++) {
    const m = magnitude[i] as number;
    total += m;
    if (region[i]) {
      inside += m;
      area++;
    }
  }
  const peak = Math.max(1, Math.round(magnitude.length * PEAK_FRACTION));
  const order = Array.from({ length: magnitude.length }, (_, i) => i).sort((a, b) => (magnitude[b] as number) - (magnitude[a] as number) || a - b);
  const peakInside = order.slice(0, peak).filter((i) => region[i]).length / peak;
  return { inside: total > 0 ? inside / total : 0, area: area / magnitude.length, peakInside };
}
