// A scaled map laid over the input as the display options say.
import { alphaScaleImage, maskImage, renderOverlay, type Map2d, type RgbaImage } from 'tfjs-saliency';
import type { DisplayOptions } from '../ui/display-controls.ts';

/**
 * `map` (values in `range`) over `image`. 'masked' and 'alpha-scaling' weigh the image by the map:
 * by its position in `range` for one-signed ranges, by |value| over the larger |end| for signed ones
 * (the library's renderOverlay refuses to guess for signed values, so the page decides here).
 */
export function overlayPicture(image: RgbaImage, map: Map2d, range: readonly [number, number], display: DisplayOptions): RgbaImage {
  if (display.overlay === 'masked' || display.overlay === 'alpha-scaling') {
    const [low, high] = range;
    const reach = Math.max(Math.abs(low), Math.abs(high));
    const weights = map.data.map((v) => Math.min(1, Math.max(0, low < 0 ? Math.abs(v) / reach : (v - low) / (high - low))));
    const weighted = { width: map.width, height: map.height, data: weights };
    return display.overlay === 'masked' ? maskImage(image, weighted) : alphaScaleImage(image, weighted);
  }
  return renderOverlay(image, map, { mode: 'none', range, colormap: display.colormap, method: display.overlay, alpha: display.opacity });
}
