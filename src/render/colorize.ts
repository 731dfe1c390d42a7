import type { RgbaImage } from '../core/image.ts';
import type { NdArray } from '../core/ndarray.ts';
import { COLORMAP_SIZE, colourIndex, sampleColormap } from './colormap.ts';
import { type ColormapChoice, resolveColormap } from './colormaps/index.ts';
import { type Map2d, toMap2d } from './map2d.ts';

/** Options of {@link colorize}. */
export interface ColorizeOptions {
  /** Colormap name or function. Default `'jet'` (keras-vis). */
  readonly colormap?: ColormapChoice;
  /** Values mapped to the first and last colour; values outside are clamped. Default `[0, 1]`. */
  readonly range?: readonly [number, number];
}

/** Default colormap of {@link colorize}. */
export const DEFAULT_COLORMAP = 'jet';

/**
 * Colours a map: each value `v` becomes the colour at `t = (v - low) / (high - low)` of the colormap,
 * fully opaque. Values are used as they are (normalise them first, see `normalizeMap`).
 */
export function colorize(map: NdArray | Map2d, options: ColorizeOptions = {}): RgbaImage {
  const { width, height, data } = toMap2d(map);
  const [low, high] = options.range ?? [0, 1];
  if (!(Number.isFinite(low) && Number.isFinite(high) && high > low)) {
    throw new RangeError(`range: expected [low, high] with finite low < high, got [${low}, ${high}]`);
  }
  const table = sampleColormap(resolveColormap(options.colormap ?? DEFAULT_COLORMAP));
  const pixels = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i++) {
    const entry = 3 * colourIndex(((data[i] as number) - low) / (high - low), COLORMAP_SIZE);
    pixels[4 * i] = table[entry] as number;
    pixels[4 * i + 1] = table[entry + 1] as number;
    pixels[4 * i + 2] = table[entry + 2] as number;
    pixels[4 * i + 3] = 255;
  }
  return { width, height, data: pixels };
}
