import { assertRgbaImage, type RgbaImage } from '../core/image.ts';
import { resampleBilinear } from './bilinear.ts';

/** A rectangle in pixels, from its top-left corner. */
export interface PixelRect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Resizes an image to `width` x `height` by bilinear interpolation with half-pixel centres (as
 * OpenCV and `tf.image.resizeBilinear(..., true)`), each channel (alpha included) on its own,
 * rounded to the nearest byte. Returns the same image when the size already matches.
 */
export function resizeImage(image: RgbaImage, width: number, height: number): RgbaImage {
  assertRgbaImage(image);
  assertSize(width, height);
  if (image.width === width && image.height === height) return image;
  const values = resampleBilinear(image.data, { width: image.width, height: image.height, channels: 4 }, width, height);
  const data = new Uint8ClampedArray(values.length);
  for (let i = 0; i < values.length; i++) data[i] = Math.round(values[i] as number);
  return { width, height, data };
}

/** Copies the pixels inside `rect`, which must lie within the image. */
export function cropImage(image: RgbaImage, rect: PixelRect): RgbaImage {
  assertRgbaImage(image);
  const { left, top, width, height } = rect;
  const inside =
    [left, top, width, height].every(Number.isInteger) &&
    left >= 0 && top >= 0 && width > 0 && height > 0 &&
    left + width <= image.width && top + height <= image.height;
  if (!inside) {
    throw new RangeError(
      `rect: {left: ${left}, top: ${top}, width: ${width}, height: ${height}} must be whole pixels ` +
        `inside the ${image.width}x${image.height} image`,
    );
  }
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const start = ((top + y) * image.width + left) * 4;
    data.set(image.data.subarray(start, start + width * 4), y * width * 4);
  }
  return { width, height, data };
}

/**
 * The largest centred region with the aspect ratio of `width` x `height`, resized to that size
 * (the usual "centre crop" of image classifiers).
 */
export function centerCrop(image: RgbaImage, width: number, height: number): RgbaImage {
  assertRgbaImage(image);
  assertSize(width, height);
  const aspect = width / height;
  const cropWidth = Math.min(image.width, Math.round(image.height * aspect));
  const cropHeight = Math.min(image.height, Math.round(image.width / aspect));
  const region = cropImage(image, {
    left: Math.floor((image.width - cropWidth) / 2),
    top: Math.floor((image.height - cropHeight) / 2),
    width: cropWidth,
    height: cropHeight,
  });
  return resizeImage(region, width, height);
}

function assertSize(width: number, height: number): void {
  if (!Number.isInteger(width) || width <= 0 || !Number.isInteger(height) || height <= 0) {
    throw new RangeError(`width, height: expected positive integers, got ${width}x${height}`);
  }
}
