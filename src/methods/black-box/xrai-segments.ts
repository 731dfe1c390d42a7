/**
 * XRAI's candidate regions, as PAIR saliency's xrai.py makes them: the image min-max scaled to
 * [-1, 1] and resized to 224x224, Felzenszwalb segments at six scales (50, 100, 150, 250, 500, 1200;
 * sigma 0.8, min size 150), each label map resized back (nearest) and every segment dilated by a
 * disk of radius 5. One difference: the resize to 224 is bilinear here (PAIR: bicubic with
 * anti-aliasing); a 224x224 input is not resized by either.
 */
import { check } from '../../core/errors.ts';
import { resampleBilinear } from '../../image/bilinear.ts';
import { felzenszwalb } from '../../image/segmentation/felzenszwalb.ts';
import { checkSegmentationImage, type SegmentationImage } from '../../image/segmentation/image.ts';

/** PAIR's Felzenszwalb scales for XRAI. */
export const XRAI_SCALES: readonly number[] = [50, 100, 150, 250, 500, 1200];

/** Options of {@link xraiSegments}; the defaults are PAIR saliency's. */
export interface XraiSegmentOptions {
  /** Side the image is resized to before segmenting (0: segment at the image's own size). Default 224. */
  readonly segmentationSize?: number;
  /** Radius of the disk each segment is dilated by (0: none). Default 5. */
  readonly dilationRadius?: number;
  /** Felzenszwalb scales, one segmentation each. Default {@link XRAI_SCALES}. */
  readonly scales?: readonly number[];
}

/** The image's values min-max scaled to [-1, 1] (all zero for a constant image). */
function toUnitRange(data: ArrayLike<number>): Float64Array {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    min = Math.min(min, data[i] as number);
    max = Math.max(max, data[i] as number);
  }
  const range = max - min;
  return Float64Array.from(data as ArrayLike<number>, (v) => (range === 0 ? 0 : ((v - min) / range) * 2 - 1));
}

/** `labels` (height x width) resized to `outH x outW` by nearest neighbour (pixel centres). */
function resizeNearest(labels: Int32Array, height: number, width: number, outH: number, outW: number): Int32Array {
  if (height === outH && width === outW) return labels;
  const out = new Int32Array(outH * outW);
  for (let y = 0; y < outH; y++) {
    const sy = Math.min(height - 1, Math.floor(((y + 0.5) * height) / outH));
    for (let x = 0; x < outW; x++) out[y * outW + x] = labels[sy * width + Math.min(width - 1, Math.floor(((x + 0.5) * width) / outW))] as number;
  }
  return out;
}

/** Half-widths of skimage's disk(radius) per row offset -radius..radius: dy^2 + dx^2 <= radius^2. */
function diskHalfWidths(radius: number): Int32Array {
  return Int32Array.from({ length: 2 * radius + 1 }, (_, i) => Math.floor(Math.sqrt(radius * radius - (i - radius) * (i - radius))));
}

/**
 * One mask per label (labels 0..max), each the sorted pixel indices of the label dilated by skimage's
 * disk(radius): every horizontal run of the label widens by the disk's half-width on each row it
 * reaches, so the work is runs x rows of the disk, not pixels x disk area.
 */
export function labelMasks(labels: Int32Array, height: number, width: number, radius: number): Int32Array[] {
  const count = labels.reduce((m, v) => Math.max(m, v), -1) + 1;
  const start = new Int32Array(count + 1);
  for (const label of labels) start[label + 1] = (start[label + 1] as number) + 1;
  for (let l = 0; l < count; l++) start[l + 1] = (start[l + 1] as number) + (start[l] as number);
  const pixels = new Int32Array(labels.length);
  const fill = start.slice(0, count);
  labels.forEach((label, p) => {
    pixels[fill[label] as number] = p;
    fill[label] = (fill[label] as number) + 1;
  });
  const halfWidths = diskHalfWidths(radius);
  const mark = new Int32Array(labels.length).fill(-1);
  return Array.from({ length: count }, (_, label) => {
    const box = { top: height, bottom: -1, left: width, right: -1 };
    const widen = (y: number, a: number, b: number): void => {
      for (let dy = -radius; dy <= radius; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        const hw = halfWidths[dy + radius] as number;
        const lo = Math.max(0, a - hw);
        const hi = Math.min(width - 1, b + hw);
        for (let x = lo; x <= hi; x++) mark[yy * width + x] = label;
        box.top = Math.min(box.top, yy);
        box.bottom = Math.max(box.bottom, yy);
        box.left = Math.min(box.left, lo);
        box.right = Math.max(box.right, hi);
      }
    };
    let runStart = -1;
    let previous = -2;
    for (let k = start[label] as number; k < (start[label + 1] as number); k++) {
      const p = pixels[k] as number;
      if (p !== previous + 1 || p % width === 0) {
        if (runStart >= 0) widen(Math.floor(runStart / width), runStart % width, previous % width);
        runStart = p;
      }
      previous = p;
    }
    if (runStart >= 0) widen(Math.floor(runStart / width), runStart % width, previous % width);
    const out: number[] = [];
    for (let y = box.top; y <= box.bottom; y++) {
      for (let x = box.left; x <= box.right; x++) if (mark[y * width + x] === label) out.push(y * width + x);
    }
    return Int32Array.from(out);
  });
}

/** XRAI's candidate masks for one image: sorted pixel-index lists, every scale's segments in order. */
export function xraiSegments(image: SegmentationImage, options: XraiSegmentOptions = {}): Int32Array[] {
  const { height, width, channels, data } = checkSegmentationImage(image);
  const { segmentationSize = 224, dilationRadius = 5, scales = XRAI_SCALES } = options;
  check(Number.isInteger(segmentationSize) && segmentationSize >= 0 && segmentationSize <= 1024, 'segmentationSize', `expected an integer from 0 to 1024, got ${segmentationSize}`);
  check(Number.isInteger(dilationRadius) && dilationRadius >= 0 && dilationRadius <= 64, 'dilationRadius', `expected an integer from 0 to 64, got ${dilationRadius}`);
  check(Array.isArray(scales) && scales.length > 0 && scales.every((s) => Number.isFinite(s) && s > 0), 'scales', 'expected a non-empty list of positive numbers');
  const unit = toUnitRange(data);
  const [h, w] = segmentationSize === 0 ? [height, width] : [segmentationSize, segmentationSize];
  const resized = h === height && w === width ? unit : resampleBilinear(unit, { width, height, channels }, w, h);
  const scaled = { data: resized, height: h, width: w, channels };
  return scales.flatMap((scale) => {
    const labels = felzenszwalb(scaled, { scale, sigma: 0.8, minSize: 150 });
    return labelMasks(resizeNearest(labels, h, w, height, width), height, width, dilationRadius);
  });
}
