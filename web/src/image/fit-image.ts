import type { RgbaImage } from 'tfjs-saliency';
import { element } from '../ui/dom.ts';

/** Longest side an image keeps when it is handed to the worker (larger ones are scaled down first). */
export const MAX_SOURCE_SIDE = 1024;

/** Anything the browser can draw onto a canvas. */
export type DrawableImage = ImageBitmap | HTMLVideoElement | HTMLCanvasElement;

/**
 * The pixels of `source` (`width` x `height`), scaled down (by the browser, high quality) so that no
 * side exceeds {@link MAX_SOURCE_SIDE}; fitting to the model's input happens in the worker.
 */
export function readPixels(source: DrawableImage, width: number, height: number): RgbaImage {
  if (!(width > 0 && height > 0)) throw new Error(`image: it has no pixels (${width}x${height})`);
  const shrink = Math.min(1, MAX_SOURCE_SIDE / Math.max(width, height));
  const canvas = element('canvas', { width: Math.max(1, Math.round(width * shrink)), height: Math.max(1, Math.round(height * shrink)) });
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (context === null) throw new Error('image: this browser gives no 2D canvas');
  context.imageSmoothingQuality = 'high';
  context.drawImage(source, 0, 0, canvas.width, canvas.height);
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  return { width: canvas.width, height: canvas.height, data };
}

/** Decodes an image file (any format the browser reads); a file that is no image is a clear error. */
export async function decodeImageFile(file: Blob & { readonly name?: string }): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(file);
  } catch {
    const name = file.name ?? 'the pasted data';
    throw new Error(`${name}: not an image this browser can read (${file.type || 'unknown type'}); use PNG, JPEG, WebP or GIF`);
  }
}

/** A bundled sample (base64 of 8-bit grey or RGB values, row-major) as RGBA. */
export function sampleToRgba(base64: string, width: number, height: number, channels: number): RgbaImage {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  if (bytes.length !== width * height * channels || !(channels === 1 || channels === 3)) {
    throw new Error(`sample: ${bytes.length} bytes do not make a ${width}x${height} image of ${channels} channels`);
  }
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const [r, g, b] = channels === 1 ? [bytes[p], bytes[p], bytes[p]] : [bytes[3 * p], bytes[3 * p + 1], bytes[3 * p + 2]];
    data.set([r ?? 0, g ?? 0, b ?? 0, 255], 4 * p);
  }
  return { width, height, data };
}
