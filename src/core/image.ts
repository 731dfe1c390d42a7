/**
 * An 8-bit RGBA picture, row-major, 4 bytes a pixel: the common currency between image loading,
 * preprocessing and rendering (the same layout as the browser's `ImageData`).
 */
export interface RgbaImage {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** `width * height * 4` bytes: R, G, B, A for each pixel, rows top to bottom. */
  readonly data: Uint8ClampedArray;
}

/** Checks the invariants of an {@link RgbaImage}, naming `argument` in the error. */
export function assertRgbaImage(image: RgbaImage, argument = 'image'): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || width <= 0 || !Number.isInteger(height) || height <= 0) {
    throw new RangeError(`${argument}: width and height must be positive integers, got ${width}x${height}`);
  }
  if (!(data instanceof Uint8ClampedArray) || data.length !== width * height * 4) {
    throw new RangeError(
      `${argument}: data must be a Uint8ClampedArray of width*height*4 = ${width * height * 4} bytes, ` +
        `got ${data?.length ?? 'none'}`,
    );
  }
}
