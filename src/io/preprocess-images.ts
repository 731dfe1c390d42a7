import * as tf from '@tensorflow/tfjs';
import { assertRgbaImage, type RgbaImage } from '../core/image.ts';
import { resolvePreprocessing, type PreprocessingSpec, type ResolvedPreprocessing } from './preprocessing-spec.ts';
import { check } from '../core/errors.ts';
import { fitRegion } from './fit-region.ts';

/** ITU-R BT.601 luma weights, as PIL's `convert('L')` uses. */
const LUMA = [0.299, 0.587, 0.114] as const;
const SCALE_RANGE = { unit: [0, 1], symmetric: [-1, 1], raw: [0, 255] } as const;

/**
 * Turns one image or a batch of images into a model input tensor `[n, height, width, channels]`
 * following `spec` (see {@link PreprocessingSpec} for the steps and defaults; `inputShape` is the
 * model's NHWC input shape, used for the defaults). The caller owns (and disposes) the result.
 */
export function preprocessImages(
  images: RgbaImage | readonly RgbaImage[],
  spec: PreprocessingSpec = {},
  inputShape?: readonly (number | null)[],
): tf.Tensor4D {
  const list: readonly RgbaImage[] = Array.isArray(images) ? images : [images as RgbaImage];
  check(list.length > 0, 'images', 'expected at least one image');
  list.forEach((image, i) => assertRgbaImage(image, Array.isArray(images) ? `images[${i}]` : 'images'));
  const resolved = resolvePreprocessing(spec, inputShape);
  return tf.tidy(() => tf.stack(list.map((image) => preprocessOne(image, resolved))) as tf.Tensor4D);
}

function preprocessOne(image: RgbaImage, spec: ResolvedPreprocessing): tf.Tensor3D {
  const rgba = tf.tensor3d(Float32Array.from(image.data), [image.height, image.width, 4]);
  let pixels = fitToSize(rgba.slice([0, 0, 0], [-1, -1, 3]), spec);
  if (spec.channels === 'grayscale') {
    pixels = pixels.mul(tf.tensor1d([...LUMA])).sum(-1, true);
  } else if (spec.channels === 'bgr') {
    pixels = pixels.reverse(-1);
  }
  const [low, high] = SCALE_RANGE[spec.scale];
  const scaled = pixels.mul((high - low) / 255).add(low);
  return scaled.sub(tf.tensor1d([...spec.mean])).div(tf.tensor1d([...spec.std]));
}

function fitToSize(pixels: tf.Tensor3D, spec: ResolvedPreprocessing): tf.Tensor3D {
  const [height, width] = spec.size;
  const [h, w] = pixels.shape;
  const rect = fitRegion(w, h, spec.size, spec.fit);
  const whole = rect.width === w && rect.height === h;
  const region = whole ? pixels : pixels.slice([rect.top, rect.left, 0], [rect.height, rect.width, 3]);
  if (region.shape[0] === height && region.shape[1] === width) return region;
  return tf.image.resizeBilinear(region, [height, width], false, true);
}
