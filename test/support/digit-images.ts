/** The bundled models' sample digits as PNG files, for CLI tests over real models. */
import { join } from 'node:path';
import sharp from 'sharp';
import { loadBundledSamples, type BundledModelName } from '../../models/lib/bundled.ts';
import { DIGIT_PIXELS, DIGIT_SIZE } from '../../models/data/mnist-digits.ts';
import { findMark, markRegionMask } from '../../models/data/shortcut-digits.ts';

/**
 * Writes the samples of bundled model `name` (28x28 grey digits) into `dir` as `s00-t3.png` ...
 * (index and true class), the first `count` of them (default all); returns their paths.
 */
export async function writeDigitImages(name: BundledModelName, dir: string, count = Infinity): Promise<string[]> {
  const samples = (await loadBundledSamples(name)).slice(0, count);
  const paths: string[] = [];
  for (const [i, sample] of samples.entries()) {
    const path = join(dir, `s${String(i).padStart(2, '0')}-t${sample.target}.png`);
    const pixels = Buffer.from(Array.from(sample.pixels, (v) => Math.round(v * 255)));
    await sharp(pixels, { raw: { width: 28, height: 28, channels: 1 } }).png().toFile(path);
    paths.push(path);
  }
  return paths;
}

/**
 * Writes, for each sample of bundled model `name`, a mask of the digit itself (`s00-t3_mask.png`):
 * its pixels brighter than 0.1, grown by `grow` pixels (default 1), without the planted mark and the
 * mark's surrounding region: the object region of the shortcut audit. Returns their paths.
 */
export async function writeDigitMasks(name: BundledModelName, dir: string, count = Infinity, grow = 1): Promise<string[]> {
  const samples = (await loadBundledSamples(name)).slice(0, count);
  const paths: string[] = [];
  for (const [i, sample] of samples.entries()) {
    const mark = findMark(sample.pixels);
    const markRegion = mark === undefined ? new Float32Array(DIGIT_PIXELS) : markRegionMask(mark);
    const mask = Buffer.alloc(DIGIT_PIXELS);
    for (let y = 0; y < DIGIT_SIZE; y++) {
      for (let x = 0; x < DIGIT_SIZE; x++) {
        let on = false;
        for (let dy = -grow; dy <= grow && !on; dy++) {
          for (let dx = -grow; dx <= grow && !on; dx++) {
            const [yy, xx] = [y + dy, x + dx];
            on = yy >= 0 && yy < DIGIT_SIZE && xx >= 0 && xx < DIGIT_SIZE && !markRegion[yy * DIGIT_SIZE + xx] && (sample.pixels[yy * DIGIT_SIZE + xx] as number) > 0.1;
          }
        }
        mask[y * DIGIT_SIZE + x] = on && !markRegion[y * DIGIT_SIZE + x] ? 255 : 0;
      }
    }
    const path = join(dir, `s${String(i).padStart(2, '0')}-t${sample.target}_mask.png`);
    await sharp(mask, { raw: { width: DIGIT_SIZE, height: DIGIT_SIZE, channels: 1 } }).png().toFile(path);
    paths.push(path);
  }
  return paths;
}
