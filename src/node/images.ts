import sharp, { type Metadata } from 'sharp';
import { SaliencyError } from '../core/errors.ts';
import type { RgbaImage } from '../core/image.ts';
import { regularFileSize, UnreadableFileError } from './read-regular-file.ts';

/** Options of {@link loadImage}: the limits that keep a small file from decoding into gigabytes. */
export interface LoadImageOptions {
  /**
   * The most pixels (width x height) an image may declare; a larger one is refused from its header,
   * before it is decoded. Default 100 000 000 (e.g. 10000 x 10000). CLI: `--max-image-pixels`.
   */
  readonly maxPixels?: number;
  /**
   * Decode at most this many pixels on the longer side: a larger image is scaled down while it is
   * decoded (aspect ratio kept), so a 8000 x 8000 PNG never exists in memory at full size. Default:
   * none (full size). The CLI uses 2048, or the model's input size when larger (`--max-image-side`).
   */
  readonly maxSide?: number;
}

/** The default of {@link LoadImageOptions.maxPixels}. */
export const DEFAULT_MAX_IMAGE_PIXELS = 100_000_000;

/**
 * Reads an image file (JPEG, PNG, WebP, GIF: its first frame; anything else sharp decodes) or the
 * bytes of one into an {@link RgbaImage}, with its EXIF orientation applied and an opaque alpha
 * channel added where it has none. A missing file, one that is not a regular file, or one that is
 * not an image gives an error naming the file; an image larger than `options.maxPixels` is refused
 * before decoding, and one larger than `options.maxSide` is decoded at a reduced size.
 */
export async function loadImage(source: string | Uint8Array, options: LoadImageOptions = {}): Promise<RgbaImage> {
  const name = typeof source === 'string' ? `'${source}'` : `the ${source.byteLength} bytes given`;
  const maxPixels = positive(options.maxPixels, 'maxPixels') ?? DEFAULT_MAX_IMAGE_PIXELS;
  const maxSide = positive(options.maxSide, 'maxSide');
  if (typeof source === 'string') await assertFile(source);
  let header: Metadata;
  try {
    header = await sharp(source, { pages: 1, limitInputPixels: false }).metadata();
  } catch (error) {
    throw unreadable(name, error);
  }
  const { width = 0, height = 0 } = header;
  if (width * height > maxPixels) {
    throw new SaliencyError(
      'INVALID_ARGUMENT',
      `image ${name} is ${width} x ${height} pixels (${width * height}), more than the limit of ${maxPixels}; ` +
        'raise maxPixels (CLI --max-image-pixels) if the image is trusted',
      'maxPixels',
    );
  }
  try {
    let pipeline = sharp(source, { pages: 1, limitInputPixels: maxPixels }).autoOrient();
    if (maxSide !== undefined && Math.max(width, height) > maxSide) {
      pipeline = pipeline.resize({ width: maxSide, height: maxSide, fit: 'inside', withoutEnlargement: true });
    }
    const { data, info } = await pipeline.toColourspace('srgb').ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 4) throw new Error(`decoded ${info.channels} channels, expected 4`);
    return { width: info.width, height: info.height, data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength) };
  } catch (error) {
    throw unreadable(name, error);
  }
}

function unreadable(name: string, error: unknown): Error {
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(`image ${name} could not be read as an image (JPEG, PNG, WebP or GIF): ${reason}`, { cause: error });
}

function positive(value: number | undefined, argument: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !(value >= 1)) throw new SaliencyError('INVALID_ARGUMENT', `${argument}: got ${String(value)}; expected a number >= 1`, argument);
  return value;
}

async function assertFile(path: string): Promise<void> {
  await regularFileSize(path).catch((error: unknown) => {
    if (!(error instanceof UnreadableFileError)) throw error;
    const problem = error.reason === 'missing' ? 'does not exist' : error.reason === 'folder' ? 'is not a file' : error.message;
    throw new Error(`image '${path}' ${problem}`, { cause: error });
  });
}
