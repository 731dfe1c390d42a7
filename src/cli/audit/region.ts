/**
 * The region an audit measures against, on the map's grid: `--region x,y,w,h` (a rectangle in the
 * image's own pixels) or a mask image per image (`--masks`; white or any bright pixel = inside). Map
 * pixel (row, col) is taken at its centre, placed on the part of the image the model saw (the
 * centre crop, or the whole image), and looked up there; a mask of another size than its image is
 * scaled to it.
 */
import type { RgbaImage } from '../../core/image.ts';
import type { PixelRect } from '../../image/transform.ts';
import { UsageError } from '../errors.ts';

/** A rectangle in image pixels: left x, top y, width, height. */
export interface RegionRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Parses `--region x,y,w,h` (pixels of the image; w and h at least 1). */
export function parseRegionOption(value: string): RegionRect {
  const parts = value.split(',').map((p) => p.trim());
  const numbers = parts.map(Number);
  if (parts.length !== 4 || parts.some((p) => p === '') || numbers.some((n) => !Number.isFinite(n)) || numbers[0]! < 0 || numbers[1]! < 0 || numbers[2]! <= 0 || numbers[3]! <= 0) {
    throw new UsageError(`--region: expected x,y,width,height in image pixels (x, y >= 0; width, height > 0), e.g. 4,4,20,20; got '${value}'`);
  }
  const [x, y, width, height] = numbers as [number, number, number, number];
  return { x, y, width, height };
}

/** A mask pixel counts as inside when its brightest channel is above this (and it is not transparent). */
export const MASK_THRESHOLD = 127;

/** Whether image pixel (x, y) (fractional, in the image's own size) is inside the region. */
export type InsideTest = (x: number, y: number) => boolean;

/** The inside test of a rectangle. */
export function rectTest(rect: RegionRect): InsideTest {
  return (x, y) => x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height;
}

/** The inside test of a mask image laid over an image of `width` x `height` (nearest pixel). */
export function maskTest(mask: RgbaImage, width: number, height: number): InsideTest {
  return (x, y) => {
    const mx = Math.min(mask.width - 1, Math.max(0, Math.floor((x * mask.width) / width)));
    const my = Math.min(mask.height - 1, Math.max(0, Math.floor((y * mask.height) / height)));
    const at = (my * mask.width + mx) * 4;
    const d = mask.data;
    return (d[at + 3] as number) > 0 && Math.max(d[at] as number, d[at + 1] as number, d[at + 2] as number) > MASK_THRESHOLD;
  };
}

/** A 0/1 mask on a `rows` x `cols` map grid: map pixels whose centre, placed on `seen`, is inside. */
export function regionOnGrid(rows: number, cols: number, seen: PixelRect, inside: InsideTest): Uint8Array {
  const grid = new Uint8Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      grid[r * cols + c] = inside(seen.left + ((c + 0.5) * seen.width) / cols, seen.top + ((r + 0.5) * seen.height) / rows) ? 1 : 0;
    }
  }
  return grid;
}

function stem(name: string): string {
  return name.replace(/\.[^.]*$/, '');
}

/**
 * The mask file of each image: the one whose name without extension is the image's, optionally
 * followed by '.mask', '_mask' or '-mask' ('cat.png' -> 'cat.png', 'cat_mask.png', 'cat.mask.png').
 * An image with no mask or two maps to an error text.
 */
export function matchMasks(images: readonly string[], masks: readonly string[]): Map<string, string | Error> {
  const byStem = new Map<string, string[]>();
  for (const mask of masks) {
    const key = stem(mask.split('/').pop() as string).replace(/[._-]mask$/i, '');
    byStem.set(key, [...(byStem.get(key) ?? []), mask]);
  }
  return new Map<string, string | Error>(
    images.map((image): [string, string | Error] => {
      const found = byStem.get(stem(image.split('/').pop() as string)) ?? [];
      if (found.length === 1) return [image, found[0] as string];
      const name = image.split('/').pop() as string;
      return [image, new Error(found.length === 0 ? `no mask for '${name}' among --masks (expected ${stem(name)}.png or ${stem(name)}_mask.png)` : `several masks match '${name}': ${found.join(', ')}`)];
    }),
  );
}
