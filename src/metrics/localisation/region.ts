/**
 * The ground-truth region of localisation metrics (the `region` option): a mask per sample (or one
 * for all) over the pixel grid, or a rectangle for all samples. Pixels with a non-zero mask value
 * are inside; a mask with the input's channels counts a pixel inside when any channel is non-zero.
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError, check } from '../../core/errors.ts';
import { sizeOf, type NdArray } from '../../core/ndarray.ts';
import { rejectOption } from '../../methods/options.ts';
import { option } from '../../methods/schema.ts';
import type { PixelLayout } from '../layout.ts';

/** A rectangle of pixels: columns x .. x + width - 1, rows y .. y + height - 1. */
export interface RegionRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A region: a mask (tf.Tensor or NdArray; [N, H, W], [H, W], or with the input's channels) or a rectangle for every sample. */
export type Region = tf.Tensor | NdArray | RegionRect;

function isRect(value: unknown): value is RegionRect {
  return typeof value === 'object' && value !== null && ['x', 'y', 'width', 'height'].every((k) => Number.isInteger((value as Record<string, unknown>)[k]));
}

/** Parses 'x,y,width,height' (the CLI's --region). */
export function parseRegionRect(text: string): RegionRect | string {
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 4 || !parts.every(Number.isInteger)) return text;
  const [x, y, width, height] = parts as [number, number, number, number];
  return { x, y, width, height };
}

/** The `region` option (no default: localisation metrics require it). */
export const regionOption = option.custom<Region>({
  doc: "The ground-truth region: a mask per sample ([N, H, W] or with channels; non-zero inside), one mask for all ([H, W]), or a rectangle 'x,y,width,height'.",
  form: { kind: 'string' },
  fromText: parseRegionRect,
  check: (value, name) =>
    value instanceof tf.Tensor || isRect(value) || (typeof value === 'object' && value !== null && 'data' in value && 'shape' in value)
      ? (value as Region)
      : rejectOption(name, value, "a mask (tf.Tensor or {data, shape}), or a rectangle {x, y, width, height} ('x,y,width,height')"),
});

/** Per sample, 1 for the pixels inside the region and 0 outside. */
export async function regionMasks(region: Region | undefined, layout: PixelLayout, batchSize: number): Promise<Uint8Array[]> {
  if (region === undefined) throw new SaliencyError('INVALID_ARGUMENT', 'region: localisation metrics need a region (a mask per sample or a rectangle)', 'region');
  if (isRect(region)) {
    const { x, y, width, height } = region;
    check(width > 0 && height > 0 && x >= 0 && y >= 0 && x + width <= layout.width && y + height <= layout.height, 'region', `the rectangle ${x},${y},${width},${height} must lie inside the ${layout.width} x ${layout.height} image`);
    const mask = new Uint8Array(layout.pixels);
    for (let r = y; r < y + height; r++) mask.fill(1, r * layout.width + x, r * layout.width + x + width);
    return Array.from({ length: batchSize }, () => mask);
  }
  const shape = region instanceof tf.Tensor ? region.shape : region.shape;
  const data = region instanceof tf.Tensor ? await region.data() : region.data;
  const size = sizeOf(shape);
  const perSample = [layout.pixels, layout.size].find((s) => size === s * batchSize);
  const shared = [layout.pixels, layout.size].find((s) => size === s);
  const sampleSize = perSample ?? shared;
  if (sampleSize === undefined) {
    throw new SaliencyError('INPUT_SHAPE', `region: a mask of shape [${shape.join(', ')}] does not fit ${batchSize} sample(s) of ${layout.height} x ${layout.width} pixels; expected [${batchSize}, ${layout.height}, ${layout.width}] or [${layout.height}, ${layout.width}]`, 'region');
  }
  const channels = sampleSize === layout.pixels ? 1 : layout.channels;
  return Array.from({ length: batchSize }, (_, s) => {
    const offset = perSample !== undefined ? s * sampleSize : 0;
    return Uint8Array.from({ length: layout.pixels }, (_, p) => {
      for (let c = 0; c < channels; c++) if ((data[offset + p * channels + c] as number) !== 0) return 1;
      return 0;
    });
  });
}
