import type { RgbaImage } from '../core/image.ts';
import type { NdArray } from '../core/ndarray.ts';
import { type ColorizeOptions, colorize } from './colorize.ts';
import { type Map2d, resizeMap, toMap2d } from './map2d.ts';
import { type NormalizeOptions, normalizedRange, normalizeMap } from './normalize.ts';

/** Options of {@link renderMap}: normalisation (see {@link NormalizeOptions}), colouring and size. */
export interface RenderMapOptions extends NormalizeOptions, ColorizeOptions {
  /**
   * Output width in pixels; the raw map is resized bilinearly before it is normalised.
   * Default: the map's width.
   */
  readonly width?: number;
  /** Output height in pixels, as `width`. Default: the map's height. */
  readonly height?: number;
}

/**
 * Normalises a raw map and colours it (defaults: keras-vis min-max and `'jet'`). The colour range
 * is `range` when given, else the one the normalisation produces (`[0, 1]`, or `[-1, 1]` for signed
 * maps, which then default to the diverging `'bwr'`; `[0, 1]` for mode `'none'`). An all-zero map
 * renders as the colour of zero and warns (see `onWarning`).
 */
export function renderMap(map: NdArray | Map2d, options: RenderMapOptions = {}): RgbaImage {
  const normalized = normalizedMap(map, options);
  const range = options.range ?? normalizedRange(options) ?? [0, 1];
  const colormap = options.colormap ?? (range[0] < 0 ? 'bwr' : 'jet');
  return colorize(normalized, { colormap, range });
}

/**
 * The map resized to `width` x `height` (when given) and normalised by `options`: the values that
 * {@link renderMap} colours and the overlays use as weights.
 */
export function normalizedMap(map: NdArray | Map2d, options: RenderMapOptions = {}): Map2d {
  const raw = toMap2d(map);
  const sized = resizeMap(raw, options.width ?? raw.width, options.height ?? raw.height);
  return { width: sized.width, height: sized.height, data: normalizeMap(sized.data, options) };
}
