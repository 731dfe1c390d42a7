import sharp from 'sharp';
import { assertRgbaImage, type RgbaImage } from '../../core/image.ts';
import { writeFileAtomic } from './atomic-write.ts';

/** Encodes an {@link RgbaImage} as a lossless RGBA PNG (sharp). */
export async function encodePng(image: RgbaImage): Promise<Uint8Array> {
  assertRgbaImage(image);
  const { width, height, data } = image;
  const pixels = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return sharp(pixels, { raw: { width, height, channels: 4 } }).png().toBuffer();
}

/** Writes an {@link RgbaImage} to `path` as a PNG, atomically (no partial file is ever left). */
export async function writePng(path: string, image: RgbaImage): Promise<void> {
  await writeFileAtomic(path, await encodePng(image));
}
