/**
 * SLIC as a segmenter over one image sample given as an NdArray ([height, width, channels]), the
 * form the black-box methods' feature machinery takes (`features: 'superpixels'`): about `segments`
 * superpixels, labels 0, 1, ... per pixel.
 */
import { check } from '../../core/errors.ts';
import type { NdArray } from '../../core/ndarray.ts';
import { slic } from './slic.ts';

/** SLIC superpixels of `image` ([height, width, channels]), about `segments` of them (skimage's grid decides). */
export function superpixelSegmenter(image: NdArray, segments: number): Int32Array {
  check(image.shape.length === 3, 'image', `expected one image sample [height, width, channels]; got shape [${image.shape.join(', ')}]`);
  const [height, width, channels] = image.shape as [number, number, number];
  return slic({ data: image.data, height, width, channels }, { nSegments: segments });
}
