/**
 * How the randomisation metrics compare two maps of one sample, per pixel (layout.ts) and, by
 * default, in absolute value (Adebayo et al. compare absolute maps): Spearman rank correlation,
 * Pearson correlation, or SSIM as scikit-image computes it (7 x 7 uniform window, K1 0.01, K2 0.03,
 * sample covariance, data range max - min over both maps, mean over the windows inside the image).
 */
import { option } from '../../methods/schema.ts';
import type { PixelLayout } from '../layout.ts';
import { pearson, spearman } from '../statistics.ts';

/** The similarity measures of maps. */
export const SIMILARITIES = ['spearman', 'pearson', 'ssim'] as const;
/** A similarity measure of maps. */
export type Similarity = (typeof SIMILARITIES)[number];

/** The `similarity` option with default `fallback`. */
export function similarityOption<D extends Similarity>(fallback: D) {
  return option.choice(SIMILARITIES, { default: fallback, doc: 'How two maps are compared: Spearman rank correlation, Pearson correlation or SSIM.' });
}

/** The similarity of pixel maps `a` and `b` (absolute values first when `absolute`). */
export function mapSimilarity(a: Float32Array, b: Float32Array, layout: PixelLayout, measure: Similarity, absolute: boolean): number {
  const [x, y] = absolute ? [a.map(Math.abs), b.map(Math.abs)] : [a, b];
  if (measure === 'spearman') return spearman(x, y);
  if (measure === 'pearson') return pearson(x, y);
  return ssim(x, y, layout.height, layout.width);
}

/** SSIM of two single-channel images (scikit-image's structural_similarity with its defaults). */
export function ssim(a: Float32Array, b: Float32Array, height: number, width: number): number {
  const win = Math.min(7, height % 2 === 1 ? height : height - 1, width % 2 === 1 ? width : width - 1);
  if (win < 1) return Number.NaN;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of [...a, ...b]) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const range = hi - lo;
  const c1 = (0.01 * range) ** 2;
  const c2 = (0.03 * range) ** 2;
  const np = win * win;
  const covNorm = np > 1 ? np / (np - 1) : 1;
  const half = (win - 1) / 2;
  let total = 0;
  let count = 0;
  for (let y = half; y < height - half; y++) {
    for (let x = half; x < width - half; x++) {
      let [ma, mb, maa, mbb, mab] = [0, 0, 0, 0, 0];
      for (let dy = -half; dy <= half; dy++) {
        for (let dx = -half; dx <= half; dx++) {
          const p = (y + dy) * width + (x + dx);
          const [va, vb] = [a[p] as number, b[p] as number];
          ma += va;
          mb += vb;
          maa += va * va;
          mbb += vb * vb;
          mab += va * vb;
        }
      }
      [ma, mb, maa, mbb, mab] = [ma / np, mb / np, maa / np, mbb / np, mab / np];
      const [vaa, vbb, vab] = [covNorm * (maa - ma * ma), covNorm * (mbb - mb * mb), covNorm * (mab - ma * mb)];
      total += ((2 * ma * mb + c1) * (2 * vab + c2)) / ((ma * ma + mb * mb + c1) * (vaa + vbb + c2));
      count++;
    }
  }
  return total / count;
}
