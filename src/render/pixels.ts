import type { RgbaImage } from '../core/image.ts';

/** An RGBA colour, four bytes 0..255. */
export type Rgba = readonly [number, number, number, number];

/** A new image of `width` x `height` filled with `colour`. */
export function filledImage(width: number, height: number, colour: Rgba): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set(colour, i);
  return { width, height, data };
}

/** Copies `source` into `target` with its top-left corner at (`left`, `top`), clipped to `target`. */
export function pasteImage(target: RgbaImage, source: RgbaImage, left: number, top: number): void {
  const x0 = Math.max(0, left);
  const x1 = Math.min(target.width, left + source.width);
  if (x1 <= x0) return;
  for (let y = Math.max(0, top); y < Math.min(target.height, top + source.height); y++) {
    const from = ((y - top) * source.width + (x0 - left)) * 4;
    target.data.set(source.data.subarray(from, from + (x1 - x0) * 4), (y * target.width + x0) * 4);
  }
}

/** Sets one pixel if it lies inside `target`. */
export function setPixel(target: RgbaImage, x: number, y: number, colour: Rgba): void {
  if (x < 0 || y < 0 || x >= target.width || y >= target.height) return;
  target.data.set(colour, (y * target.width + x) * 4);
}

/** Checks that a colour is four integers 0..255, naming `argument` in the error. */
export function assertRgba(colour: Rgba, argument: string): void {
  if (!Array.isArray(colour) || colour.length !== 4 || !colour.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)) {
    throw new RangeError(`${argument}: expected [r, g, b, a] with integers 0..255, got ${JSON.stringify(colour)}`);
  }
}
