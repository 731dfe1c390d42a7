import { assertRgbaImage, type RgbaImage } from '../core/image.ts';
import type { NdArray } from '../core/ndarray.ts';
import { type Map2d, resizeMap, toMap2d } from './map2d.ts';

/** Default `alpha` of {@link blendImages}: keras-vis `overlay`'s 0.5. */
export const DEFAULT_BLEND_ALPHA = 0.5;

/**
 * keras-vis `overlay(top, bottom, alpha)`: every channel (alpha included) becomes
 * `floor(top * alpha + bottom * (1 - alpha))`, truncated like NumPy's `astype(uint8)`.
 * keras-vis draws CAMs with `blendImages(heatmap, image)`; its self-driving example with
 * `blendImages(image, heatmap, 0.7)`.
 * @param alpha weight of `top`, in [0, 1]; default 0.5
 */
export function blendImages(top: RgbaImage, bottom: RgbaImage, alpha = DEFAULT_BLEND_ALPHA): RgbaImage {
  assertRgbaImage(top, 'top');
  assertRgbaImage(bottom, 'bottom');
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`alpha: expected a number in [0, 1], got ${alpha}`);
  if (top.width !== bottom.width || top.height !== bottom.height) {
    throw new RangeError(`top (${top.width}x${top.height}) and bottom (${bottom.width}x${bottom.height}) must have the same size`);
  }
  const data = new Uint8ClampedArray(top.data.length);
  for (let i = 0; i < data.length; i++) {
    data[i] = Math.floor((top.data[i] as number) * alpha + (bottom.data[i] as number) * (1 - alpha));
  }
  return { width: top.width, height: top.height, data };
}

/** The image in grey (each pixel's R, G and B set to their rounded mean; alpha kept), as Captum greys it. */
export function greyImage(image: RgbaImage): RgbaImage {
  assertRgbaImage(image);
  const data = new Uint8ClampedArray(image.data);
  for (let i = 0; i < data.length; i += 4) {
    const grey = Math.round(((data[i] as number) + (data[i + 1] as number) + (data[i + 2] as number)) / 3);
    data[i] = grey;
    data[i + 1] = grey;
    data[i + 2] = grey;
  }
  return { width: image.width, height: image.height, data };
}

/**
 * Captum's `masked_image`: R, G and B times the weight of their pixel, truncated (alpha kept).
 * `weights` (values in [0, 1], e.g. a normalised map with sign `'absolute'`) is resized bilinearly
 * to the image when its size differs.
 */
export function maskImage(image: RgbaImage, weights: NdArray | Map2d): RgbaImage {
  const w = unitWeights(image, weights);
  const data = new Uint8ClampedArray(image.data);
  for (let p = 0; p < w.length; p++) {
    for (let c = 0; c < 3; c++) data[4 * p + c] = Math.trunc((data[4 * p + c] as number) * (w[p] as number));
  }
  return { width: image.width, height: image.height, data };
}

/**
 * Captum's `alpha_scaling`: the image with each pixel's alpha set to `trunc(weight * 255)`, so
 * unimportant pixels fade out. `weights` as for {@link maskImage}.
 */
export function alphaScaleImage(image: RgbaImage, weights: NdArray | Map2d): RgbaImage {
  const w = unitWeights(image, weights);
  const data = new Uint8ClampedArray(image.data);
  for (let p = 0; p < w.length; p++) data[4 * p + 3] = Math.trunc((w[p] as number) * 255);
  return { width: image.width, height: image.height, data };
}

function unitWeights(image: RgbaImage, weights: NdArray | Map2d): Float32Array {
  assertRgbaImage(image);
  const { data } = resizeMap(toMap2d(weights, 'weights'), image.width, image.height);
  const bad = data.findIndex((v) => !(v >= 0 && v <= 1));
  if (bad >= 0) {
    throw new RangeError(
      `weights: value ${bad} is ${data[bad]}, expected [0, 1]; normalise with sign 'absolute', 'positive' or 'negative'`,
    );
  }
  return data;
}
