import { assertRgbaImage, type RgbaImage } from '../core/image.ts';
import { cropImage, type PixelRect } from '../image/transform.ts';
import type { NdArray } from '../core/ndarray.ts';
import { normalizedRange } from './normalize.ts';
import { alphaScaleImage, blendImages, DEFAULT_BLEND_ALPHA, greyImage, maskImage } from './overlay.ts';
import { type Map2d } from './map2d.ts';
import { normalizedMap, type RenderMapOptions, renderMap } from './render-map.ts';

/**
 * How a map is shown on its image (Captum's `ImageVisualizationMethod` names in brackets):
 * - `'heatmap'` the coloured map alone (`heat_map`);
 * - `'blend'` the coloured map blended over the image, keras-vis `overlay(heatmap, image, alpha)`;
 * - `'heatmap-on-grey'` the coloured map blended over the image in grey (`blended_heat_map`);
 * - `'masked'` the image times the normalised map (`masked_image`);
 * - `'alpha-scaling'` the image with the normalised map as its alpha channel (`alpha_scaling`).
 */
export type OverlayMethod = 'heatmap' | 'blend' | 'heatmap-on-grey' | 'masked' | 'alpha-scaling';

/** Every valid {@link OverlayMethod}. */
export const OVERLAY_METHODS: readonly OverlayMethod[] = ['heatmap', 'blend', 'heatmap-on-grey', 'masked', 'alpha-scaling'];

/** Options of {@link renderOverlay}; `width`/`height` are taken from the image. */
export interface OverlayOptions extends Omit<RenderMapOptions, 'width' | 'height'> {
  /** Default `'blend'` (keras-vis). */
  readonly method?: OverlayMethod;
  /** Weight of the coloured map in `'blend'` and `'heatmap-on-grey'`, in [0, 1]. Default `0.5` (keras-vis, Captum). */
  readonly alpha?: number;
  /**
   * The part of the image the map covers: the region the model saw (see `fitRegion`, e.g. the
   * centre crop of a Teachable Machine model). The map is drawn on it alone and the rest of the
   * image is shown in grey. Default: the whole image.
   */
  readonly region?: PixelRect;
}

/**
 * Shows a raw map on `image` (see {@link OverlayMethod}); the map is resized bilinearly to the image
 * and normalised by the options first. `'masked'` and `'alpha-scaling'` need weights in [0, 1], so
 * they refuse signed ranges (sign `'all'` with modes `'percentile'`/`'outlier'`, or mode `'none'`).
 */
export function renderOverlay(image: RgbaImage, map: NdArray | Map2d, options: OverlayOptions = {}): RgbaImage {
  assertRgbaImage(image);
  const { region, ...rest } = options;
  if (region !== undefined && !(region.left === 0 && region.top === 0 && region.width === image.width && region.height === image.height)) {
    return pasteImage(greyImage(image), renderOverlay(cropImage(image, region), map, rest), region);
  }
  const method = options.method ?? 'blend';
  if (!OVERLAY_METHODS.includes(method)) {
    throw new RangeError(`method: expected one of ${OVERLAY_METHODS.map((m) => `'${m}'`).join(', ')}, got '${String(method)}'`);
  }
  const sized = { ...options, width: image.width, height: image.height };
  const alpha = options.alpha ?? DEFAULT_BLEND_ALPHA;
  switch (method) {
    case 'heatmap':
      return renderMap(map, sized);
    case 'blend':
      return blendImages(renderMap(map, sized), image, alpha);
    case 'heatmap-on-grey':
      return blendImages(renderMap(map, sized), greyImage(image), alpha);
    case 'masked':
    case 'alpha-scaling': {
      const range = normalizedRange(options);
      if (!range || range[0] < 0) {
        throw new RangeError(
          `method '${method}' needs weights in [0, 1]: use sign 'absolute', 'positive' or 'negative', ` +
            `or mode 'minmax' (got mode '${options.mode ?? 'minmax'}', sign '${options.sign ?? 'all'}')`,
        );
      }
      const weights = normalizedMap(map, sized);
      return method === 'masked' ? maskImage(image, weights) : alphaScaleImage(image, weights);
    }
  }
}

/** `base` with `patch` copied over it at `at` (the patch lies inside the base). */
function pasteImage(base: RgbaImage, patch: RgbaImage, at: PixelRect): RgbaImage {
  const data = new Uint8ClampedArray(base.data);
  for (let y = 0; y < patch.height; y++) {
    data.set(patch.data.subarray(y * patch.width * 4, (y + 1) * patch.width * 4), ((at.top + y) * base.width + at.left) * 4);
  }
  return { width: base.width, height: base.height, data };
}
