import type { NdArray } from '../core/ndarray.ts';
import { resampleBilinear } from '../image/bilinear.ts';

/** A single-channel 2-D map, row-major: what colormaps and overlays consume. */
export interface Map2d {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/**
 * Reads a map given as an {@link NdArray} of shape `[H, W]`, `[H, W, 1]`, `[1, H, W]` or `[1, H, W, 1]`
 * (a view, not a copy). Maps with several channels must be reduced first (for example max over channels).
 */
export function toMap2d(map: NdArray | Map2d, argument = 'map'): Map2d {
  if ('width' in map) {
    if (map.data.length !== map.width * map.height) {
      throw new RangeError(`${argument}: data has ${map.data.length} values, expected width*height = ${map.width * map.height}`);
    }
    return map;
  }
  const shape = [...map.shape];
  if (shape.length >= 3 && shape[0] === 1) shape.shift();
  if (shape.length === 3 && shape[2] === 1) shape.pop();
  const [height, width] = shape;
  if (shape.length !== 2 || !height || !width) {
    throw new RangeError(
      `${argument}: expected shape [H, W], [H, W, 1], [1, H, W] or [1, H, W, 1], got [${map.shape.join(', ')}]; ` +
        'reduce channels and pick one sample first',
    );
  }
  if (map.data.length !== width * height) {
    throw new RangeError(`${argument}: data has ${map.data.length} values, shape [${map.shape.join(', ')}] needs ${width * height}`);
  }
  return { width, height, data: map.data };
}

/** Bilinear resize (half-pixel centres) of a map to `width` x `height`; the same map when the size matches. */
export function resizeMap(map: Map2d, width: number, height: number): Map2d {
  if (map.width === width && map.height === height) return map;
  const values = resampleBilinear(map.data, { width: map.width, height: map.height, channels: 1 }, width, height);
  return { width, height, data: Float32Array.from(values) };
}
