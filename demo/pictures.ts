/** Pictures of the demo figures: sample inputs, maps in jet and maps overlaid on their input. */
import { blendImages, renderMap, resizeImage, type NdArray, type RgbaImage } from '../src/index.ts';
import type { DemoSample } from './bundled-models.ts';

/** A sample's pixels (grey or RGB in [0, 1]) as a `size` x `size` picture (bilinear). */
export function samplePicture(sample: Pick<DemoSample, 'pixels' | 'shape'>, size: number): RgbaImage {
  const [height, width, channels] = sample.shape;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) data[p * 4 + c] = Math.round(255 * (sample.pixels[p * channels + (channels === 1 ? 0 : c)] as number));
    data[p * 4 + 3] = 255;
  }
  return resizeImage({ width, height, data }, size, size);
}

/**
 * A 2-D map, min-max normalised (keras-vis) and coloured with jet, `width` x `height` (default
 * square). An all-zero map is drawn in the colour of zero (its warning is in the method's result).
 */
export function mapPicture(map: NdArray, width: number, height = width): RgbaImage {
  return renderMap(map, { colormap: 'jet', width, height, onWarning: () => undefined });
}

/**
 * A 2-D map in jet over `picture`: keras-vis's self-driving `overlay(img, jet, alpha=0.7)` keeps
 * 70 % of the image by default.
 */
export function overlayPicture(picture: RgbaImage, map: NdArray, imageWeight = 0.7): RgbaImage {
  return blendImages(picture, mapPicture(map, picture.width, picture.height), imageWeight);
}
