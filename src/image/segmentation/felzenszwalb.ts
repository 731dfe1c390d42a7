/**
 * Felzenszwalb-Huttenlocher graph segmentation (2004) as scikit-image 0.19 computes it
 * (skimage.segmentation.felzenszwalb, all channels at once): Gaussian smoothing, an 8-connected
 * grid graph weighted by colour distance, edges merged in increasing weight while the weight is
 * below both segments' internal difference plus `scale / 255 / size`, then segments smaller than
 * `minSize` merged along the remaining edges in the same order. Labels 0, 1, ... in raster order
 * of each segment's first pixel, as skimage's.
 */
import { check } from '../../core/errors.ts';
import { argsortNonNegative } from './argsort.ts';
import { gaussianSmooth } from './gaussian.ts';
import { checkSegmentationImage } from './image.ts';
import type { SegmentationImage } from './image.ts';

/** Options of {@link felzenszwalb}; the defaults are scikit-image's. */
export interface FelzenszwalbOptions {
  /** Observation level k: higher gives larger segments. Default 1. */
  readonly scale?: number;
  /** Gaussian smoothing (pixels) before building the graph. Default 0.8. */
  readonly sigma?: number;
  /** Smallest segment size after post-processing, in pixels. Default 20. */
  readonly minSize?: number;
}

/** The graph's edges: pixel pairs [a0, b0, a1, b1, ...] in skimage's order (right, down, down-right, up-right) and weights. */
function gridEdges(values: Float64Array, height: number, width: number, channels: number): { pairs: Int32Array; weights: Float64Array } {
  const offsets: readonly (readonly [number, number, number, number])[] = [
    [0, 0, 0, 1], // right: (y, x+1) - (y, x)
    [0, 0, 1, 0], // down: (y+1, x) - (y, x)
    [0, 0, 1, 1], // down-right: (y+1, x+1) - (y, x)
    [1, 0, 0, 1], // up-right: (y, x+1) - (y+1, x)
  ];
  const count = 4 * (height - 1) * (width - 1) + (height - 1) + (width - 1);
  const pairs = new Int32Array(2 * count);
  const weights = new Float64Array(count);
  let e = 0;
  for (const [ay, ax, by, bx] of offsets) {
    const rows = height - Math.max(ay, by);
    const columns = width - Math.max(ax, bx);
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < columns; x++) {
        const a = (y + by) * width + x + bx;
        const b = (y + ay) * width + x + ax;
        let sum = 0;
        for (let c = 0; c < channels; c++) {
          const d = (values[a * channels + c] as number) - (values[b * channels + c] as number);
          sum += d * d;
        }
        pairs[2 * e] = a;
        pairs[2 * e + 1] = b;
        weights[e++] = Math.sqrt(sum);
      }
    }
  }
  return { pairs, weights };
}

/** Union-find whose root is the smallest pixel index of the set (as skimage's join_trees). */
class Forest {
  readonly parent: Int32Array;
  constructor(size: number) {
    this.parent = Int32Array.from({ length: size }, (_, i) => i);
  }
  find(n: number): number {
    let root = n;
    while ((this.parent[root] as number) < root) root = this.parent[root] as number;
    while ((this.parent[n] as number) < n) {
      const next = this.parent[n] as number;
      this.parent[n] = root;
      n = next;
    }
    return root;
  }
  /** Joins the sets of roots `a` and `b`; returns the new root. */
  join(a: number, b: number): number {
    const root = Math.min(a, b);
    this.parent[a] = root;
    this.parent[b] = root;
    return root;
  }
}

/**
 * Felzenszwalb labels, one per pixel, row-major height x width. Browser-safe and synchronous.
 * `scale` is skimage's (internally divided by 255 as in the reference implementation), so values in
 * [0, 1] with scale 100 behave like skimage on an image in [0, 1].
 */
export function felzenszwalb(image: SegmentationImage, options: FelzenszwalbOptions = {}): Int32Array {
  const { height, width, channels, data } = checkSegmentationImage(image);
  const { scale = 1, sigma = 0.8, minSize = 20 } = options;
  check(Number.isFinite(scale) && scale > 0, 'scale', `expected a positive number, got ${scale}`);
  check(Number.isFinite(sigma) && sigma >= 0, 'sigma', `expected a number >= 0, got ${sigma}`);
  check(Number.isInteger(minSize) && minSize >= 0, 'minSize', `expected an integer >= 0, got ${minSize}`);
  const k = scale / 255;
  const values = gaussianSmooth(data, height, width, channels, sigma);
  const { pairs, weights } = gridEdges(values, height, width, channels);
  const order = argsortNonNegative(weights);
  const forest = new Forest(height * width);
  const size = new Float64Array(height * width).fill(1);
  const internal = new Float64Array(height * width);
  for (const e of order) {
    const a = forest.find(pairs[2 * e] as number);
    const b = forest.find(pairs[2 * e + 1] as number);
    if (a === b) continue;
    // skimage keeps these thresholds in single precision
    const ta = Math.fround((internal[a] as number) + k / (size[a] as number));
    const tb = Math.fround((internal[b] as number) + k / (size[b] as number));
    const w = weights[e] as number;
    if (w < Math.min(ta, tb)) {
      const root = forest.join(a, b);
      size[root] = (size[a] as number) + (size[b] as number);
      internal[root] = w;
    }
  }
  for (const e of order) {
    const a = forest.find(pairs[2 * e] as number);
    const b = forest.find(pairs[2 * e + 1] as number);
    if (a === b || ((size[a] as number) >= minSize && (size[b] as number) >= minSize)) continue;
    const root = forest.join(a, b);
    size[root] = (size[a] as number) + (size[b] as number);
  }
  const labels = new Int32Array(height * width);
  const next = new Int32Array(height * width).fill(-1);
  let count = 0;
  for (let p = 0; p < labels.length; p++) {
    const root = forest.find(p);
    if (next[root] === -1) next[root] = count++;
    labels[p] = next[root] as number;
  }
  return labels;
}
