/**
 * How a metric sees one sample of the explained (first) model input: a grid of pixels, each with
 * `channels` values (an image [H, W, C]; a rank-2 input [H, W] has one channel; any other rank is a
 * row of elements). Maps are read per pixel: a map with the input's shape is summed over channels,
 * a map without the channel axis is taken as it is. Features (what deletion removes at once) are
 * pixels, or square patches of pixels.
 */
import { SaliencyError, check } from '../core/errors.ts';
import { sizeOf, type NdArray } from '../core/ndarray.ts';

/** The pixel grid of one sample of the explained input. */
export interface PixelLayout {
  /** Shape of one sample (no batch axis). */
  readonly sampleShape: readonly number[];
  readonly height: number;
  readonly width: number;
  /** Values per pixel (the last axis of an image input; 1 otherwise). */
  readonly channels: number;
  /** height x width. */
  readonly pixels: number;
  /** pixels x channels: the values of one sample. */
  readonly size: number;
}

/** The layout of samples of shape `sampleShape` (no batch axis). */
export function pixelLayout(sampleShape: readonly number[]): PixelLayout {
  const size = sizeOf(sampleShape);
  if (sampleShape.length === 3) {
    const [height, width, channels] = sampleShape as [number, number, number];
    return { sampleShape, height, width, channels, pixels: height * width, size };
  }
  if (sampleShape.length === 2) {
    const [height, width] = sampleShape as [number, number];
    return { sampleShape, height, width, channels: 1, pixels: size, size };
  }
  return { sampleShape, height: 1, width: size, channels: 1, pixels: size, size };
}

/**
 * Per sample, the relevance of each pixel: the map summed over channels when it has the input's
 * shape, as it is when it has the input's shape without its last (channel) axis.
 */
export function pixelRelevance(map: NdArray, layout: PixelLayout, batchSize: number, argument = 'attribution'): Float32Array[] {
  const [n, ...rest] = map.shape;
  check(n === batchSize, argument, `the map has batch size ${String(n)}, the input ${batchSize}; give one map per input sample`);
  const restSize = sizeOf(rest);
  if (restSize !== layout.size && restSize !== layout.pixels) {
    throw new SaliencyError(
      'INPUT_SHAPE',
      `${argument}: a map of shape [${map.shape.join(', ')}] does not fit input samples of shape [${layout.sampleShape.join(', ')}]; ` +
        `expected [${batchSize}, ${layout.sampleShape.join(', ')}]` +
        (layout.channels > 1 ? ` or [${batchSize}, ${layout.height}, ${layout.width}] (without channels)` : ''),
      argument,
    );
  }
  const perElement = restSize === layout.size && layout.channels > 1;
  return Array.from({ length: batchSize }, (_, s) => {
    const values = map.data.subarray(s * restSize, (s + 1) * restSize);
    if (!perElement) return Float32Array.from(values);
    const out = new Float32Array(layout.pixels);
    for (let p = 0; p < layout.pixels; p++) {
      let sum = 0;
      for (let c = 0; c < layout.channels; c++) sum += values[p * layout.channels + c] as number;
      out[p] = sum;
    }
    return out;
  });
}

/** Features of `patch` x `patch` pixels (1: single pixels), each the list of its pixel indices, row by row. */
export function featureGroups(layout: PixelLayout, patch: number): Int32Array[] {
  check(Number.isInteger(patch) && patch >= 1, 'patch', `got ${patch}; expected an integer >= 1`);
  if (patch === 1) return Array.from({ length: layout.pixels }, (_, p) => Int32Array.of(p));
  const groups: Int32Array[] = [];
  const rows = layout.height === 1 ? 1 : patch;
  for (let y0 = 0; y0 < layout.height; y0 += rows) {
    for (let x0 = 0; x0 < layout.width; x0 += patch) {
      const members: number[] = [];
      for (let y = y0; y < Math.min(y0 + rows, layout.height); y++) {
        for (let x = x0; x < Math.min(x0 + patch, layout.width); x++) members.push(y * layout.width + x);
      }
      groups.push(Int32Array.from(members));
    }
  }
  return groups;
}

/** The relevance of each feature: the sum of its pixels' relevance. */
export function featureRelevance(pixels: Float32Array, groups: readonly Int32Array[]): Float64Array {
  return Float64Array.from(groups, (members) => members.reduce((sum, p) => sum + (pixels[p] as number), 0));
}

/** Copies the values of `pixels` (every channel) from `source` into `row`. */
export function copyPixels(row: Float32Array, source: Float32Array, pixels: ArrayLike<number>, channels: number): void {
  for (let i = 0; i < pixels.length; i++) {
    const start = (pixels[i] as number) * channels;
    for (let c = 0; c < channels; c++) row[start + c] = source[start + c] as number;
  }
}

/** Feature indices ordered by decreasing relevance (ties by index, so the order is deterministic). */
export function orderByRelevance(relevance: ArrayLike<number>, descending = true): Int32Array {
  const order = Int32Array.from({ length: relevance.length }, (_, i) => i);
  const sign = descending ? -1 : 1;
  return order.sort((a, b) => sign * ((relevance[a] as number) - (relevance[b] as number)) || a - b);
}

/** Per sample, the values of the first input (views on `values`). */
export function samplesOf(values: Float32Array, layout: PixelLayout, batchSize: number): Float32Array[] {
  return Array.from({ length: batchSize }, (_, s) => values.subarray(s * layout.size, (s + 1) * layout.size));
}
