import { stat } from 'node:fs/promises';
import sharp from 'sharp';
import type { RgbaImage } from '../core/image.ts';

/**
 * Reads an image file (JPEG, PNG, WebP, GIF: its first frame; anything else sharp decodes) or the
 * bytes of one into an {@link RgbaImage}, with its EXIF orientation applied and an opaque alpha
 * channel added where it has none. A missing file, or one that is not an image, gives an error
 * naming the file.
 */
export async function loadImage(source: string | Uint8Array): Promise<RgbaImage> {
  const name = typeof source === 'string' ? `'${source}'` : `the ${source.byteLength} bytes given`;
  if (typeof source === 'string') await assertFile(source);
  try {
    const { data, info } = await sharp(source, { pages: 1 })
      .autoOrient()
      .toColourspace('srgb')
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 4) throw new Error(`decoded ${info.channels} channels, expected 4`);
    return { width: info.width, height: info.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`image ${name} could not be read as an image (JPEG, PNG, WebP or GIF): ${reason}`, { cause: error });
  }
}

async function assertFile(path: string): Promise<void> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new Error(
      error.code === 'ENOENT' ? `image '${path}' does not exist` : `image '${path}' cannot be opened: ${error.message}`,
      { cause: error },
    );
  });
  if (!info.isFile()) throw new Error(`image '${path}' is not a file`);
}
