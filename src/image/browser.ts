import { assertRgbaImage, type RgbaImage } from '../core/image.ts';

/** Something drawable onto a canvas: an `<img>`, `<canvas>`, `<video>`, `OffscreenCanvas` or `ImageBitmap`. */
export type DrawableImage = HTMLImageElement | HTMLCanvasElement | HTMLVideoElement | OffscreenCanvas | ImageBitmap;

/** Every browser image source {@link imageFromBrowser} accepts; `Blob` includes a user-picked `File`. */
export type BrowserImageSource = DrawableImage | ImageData | Blob;

/** Copies the pixels of an `ImageData` (or any `{width, height, data}` of RGBA bytes) into an {@link RgbaImage}. */
export function imageFromImageData(imageData: ImageData | RgbaImage): RgbaImage {
  const copy = { width: imageData.width, height: imageData.height, data: new Uint8ClampedArray(imageData.data) };
  assertRgbaImage(copy, 'imageData');
  return copy;
}

/**
 * Reads the pixels of an image element, canvas, video frame or bitmap at its natural size by drawing
 * it onto a canvas. An `<img>` must have finished loading (`await img.decode()`), and cross-origin
 * pictures without CORS cannot be read (the browser forbids it).
 */
export function imageFromDrawable(source: DrawableImage): RgbaImage {
  const { width, height } = naturalSize(source);
  if (!(width > 0 && height > 0)) {
    throw new RangeError(`source: the ${describe(source)} has no pixels yet (${width}x${height}); wait until it has loaded`);
  }
  const context = canvas2d(width, height);
  context.drawImage(source, 0, 0);
  try {
    return imageFromImageData(context.getImageData(0, 0, width, height));
  } catch (error) {
    throw new Error(
      `source: the browser refused to read the ${describe(source)}'s pixels; a cross-origin image needs ` +
        `CORS (crossOrigin="anonymous" and an Access-Control-Allow-Origin header) (${String(error)})`,
    );
  }
}

/**
 * Decodes an image file or blob (JPEG, PNG, WebP, GIF first frame, whatever the browser decodes)
 * with its EXIF orientation applied. Throws an error naming the file when it is not an image.
 */
export async function imageFromBlob(blob: Blob): Promise<RgbaImage> {
  const name = 'name' in blob && typeof blob.name === 'string' ? `'${blob.name}'` : 'the blob';
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  } catch (error) {
    throw new Error(`file: ${name} (${blob.type || 'unknown type'}) could not be decoded as an image (${String(error)})`);
  }
  try {
    return imageFromDrawable(bitmap);
  } finally {
    bitmap.close();
  }
}

/**
 * Any browser image source to an {@link RgbaImage}: `ImageData`, a drawable (see
 * {@link imageFromDrawable}; an `<img>` still loading is awaited) or a `Blob`/`File` (see {@link imageFromBlob}).
 */
export async function imageFromBrowser(source: BrowserImageSource): Promise<RgbaImage> {
  if (typeof Blob !== 'undefined' && source instanceof Blob) return imageFromBlob(source);
  if (typeof ImageData !== 'undefined' && source instanceof ImageData) return imageFromImageData(source);
  if (typeof HTMLImageElement !== 'undefined' && source instanceof HTMLImageElement && !source.complete) {
    await source.decode();
  }
  if (!isDrawable(source)) {
    throw new TypeError(
      'source: expected an HTMLImageElement, HTMLCanvasElement, HTMLVideoElement, OffscreenCanvas, ImageBitmap, ImageData, File or Blob',
    );
  }
  return imageFromDrawable(source);
}

function isDrawable(source: unknown): source is DrawableImage {
  const classes = ['HTMLImageElement', 'HTMLCanvasElement', 'HTMLVideoElement', 'OffscreenCanvas', 'ImageBitmap'];
  return classes.some((name) => {
    const constructor = (globalThis as Record<string, unknown>)[name];
    return typeof constructor === 'function' && source instanceof constructor;
  });
}

function naturalSize(source: DrawableImage): { width: number; height: number } {
  if (typeof HTMLImageElement !== 'undefined' && source instanceof HTMLImageElement) {
    return { width: source.naturalWidth, height: source.naturalHeight };
  }
  if (typeof HTMLVideoElement !== 'undefined' && source instanceof HTMLVideoElement) {
    return { width: source.videoWidth, height: source.videoHeight };
  }
  return { width: source.width, height: source.height };
}

function describe(source: DrawableImage): string {
  return source.constructor?.name ?? 'image';
}

function canvas2d(width: number, height: number): OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D {
  const canvas =
    typeof OffscreenCanvas !== 'undefined'
      ? new OffscreenCanvas(width, height)
      : Object.assign(document.createElement('canvas'), { width, height });
  const context = canvas.getContext('2d', { willReadFrequently: true }) as
    | OffscreenCanvasRenderingContext2D
    | CanvasRenderingContext2D
    | null;
  if (!context) throw new Error('this browser has no 2D canvas, which reading image pixels needs');
  return context;
}
