/**
 * The region of an image a model sees: the whole image for `stretch`, the centred crop for
 * `center-crop`. Preprocessing cuts this region, and maps belong on it (not stretched over the photo).
 */
import type { PixelRect } from '../image/transform.ts';
import type { ResizeFit } from './preprocessing-spec.ts';

/**
 * The pixels of a `width` x `height` image that preprocessing fits to an input of `size`
 * ([height, width]) with `fit` (default `'stretch'`: the whole image). For `'center-crop'`, the
 * largest centred region with the input's aspect ratio (Teachable Machine), as
 * `preprocessImages` cuts it.
 */
export function fitRegion(width: number, height: number, size: readonly [number, number], fit: ResizeFit = 'stretch'): PixelRect {
  if (fit !== 'center-crop') return { left: 0, top: 0, width, height };
  const aspect = size[1] / size[0];
  const cropWidth = Math.min(width, Math.round(height * aspect));
  const cropHeight = Math.min(height, Math.round(width / aspect));
  return { left: Math.floor((width - cropWidth) / 2), top: Math.floor((height - cropHeight) / 2), width: cropWidth, height: cropHeight };
}
