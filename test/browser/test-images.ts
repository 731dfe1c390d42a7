// Images the browser tests hand to the explorer.
import sharp from 'sharp';

/** A PNG of seeded uniform noise (no two neighbours alike, so no max-pooling ties). */
export async function noisePng(width: number, height: number, channels: 1 | 3): Promise<Buffer> {
  let state = 12345;
  const bytes = Buffer.alloc(width * height * channels, 0).map(() => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state >> 23;
  });
  return sharp(bytes, { raw: { width, height, channels } }).png().toBuffer();
}
