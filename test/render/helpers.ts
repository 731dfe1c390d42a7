import type { RgbaImage } from '../../src/core/image.ts';

/** An image from rows of RGBA pixels. */
export function imageOf(rows: readonly (readonly (readonly number[])[])[]): RgbaImage {
  const height = rows.length;
  const width = rows[0]?.length ?? 0;
  return { width, height, data: Uint8ClampedArray.from(rows.flat(2)) };
}

/** The RGBA bytes of pixel (x, y). */
export function pixel(image: RgbaImage, x: number, y: number): number[] {
  const at = (y * image.width + x) * 4;
  return [...image.data.subarray(at, at + 4)];
}

/** A warning collector to pass as `onWarning`. */
export function warnings(): { messages: string[]; onWarning: (message: string) => void } {
  const messages: string[] = [];
  return { messages, onWarning: (message) => messages.push(message) };
}
