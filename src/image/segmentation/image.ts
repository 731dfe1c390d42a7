/**
 * The image every segmentation reads: interleaved row-major values (height x width x channels) in
 * a typed array, checked once at the boundary so the algorithms can index freely.
 */
import { check } from '../../core/errors.ts';

/** An image for segmentation: `data[(y * width + x) * channels + c]`, any value range. */
export interface SegmentationImage {
  /** Interleaved row-major values, `height * width * channels` of them. */
  readonly data: Float32Array | Float64Array;
  /** Rows. */
  readonly height: number;
  /** Columns. */
  readonly width: number;
  /** Values per pixel (1 for grey, 3 for RGB). */
  readonly channels: number;
}

/** Largest image side a segmentation accepts (4096), so sizes read from files cannot exhaust memory. */
export const MAX_SEGMENTATION_SIDE = 4096;

/** Checks `image` and returns its sizes; the error names the field and what is valid. */
export function checkSegmentationImage(image: SegmentationImage, argument = 'image'): SegmentationImage {
  check(typeof image === 'object' && image !== null, argument, 'expected { data, height, width, channels }');
  for (const key of ['height', 'width', 'channels'] as const) {
    const v = image[key];
    const max = key === 'channels' ? 64 : MAX_SEGMENTATION_SIDE;
    check(Number.isInteger(v) && v >= 1 && v <= max, `${argument}.${key}`, `expected an integer from 1 to ${max}, got ${String(v)}`);
  }
  check(image.data instanceof Float32Array || image.data instanceof Float64Array, `${argument}.data`, 'expected a Float32Array or Float64Array');
  const expected = image.height * image.width * image.channels;
  check(image.data.length === expected, `${argument}.data`, `has ${image.data.length} values; height * width * channels = ${expected}`);
  const bad = image.data.findIndex((v) => !Number.isFinite(v));
  check(bad < 0, `${argument}.data`, `value ${bad} is ${image.data[bad]}; every value must be finite`);
  return image;
}
