import type { NdArray, RgbaImage } from 'tfjs-saliency';
import { groupByUnits, unitsOf } from './render/map-units.ts';
import { overlayPicture } from './render/overlay-picture.ts';
import { scaleMaps } from './render/scale-maps.ts';
import type { DisplayOptions } from './ui/display-controls.ts';
import { drawPixels } from './ui/dom.ts';
import type { MethodPanel } from './ui/method-panel.ts';

/**
 * Draws every panel that has a map: channels summed into one value a pixel (Captum's
 * `visualize_image_attr`), scaled per map or on one scale shared only by maps of the same units
 * (see render/map-units.ts), coloured and laid over the model's input, with a colour bar of the raw
 * values. Remarks about the picture (why it is blank, which maps share its scale) go under it.
 */
export function renderPanels(panels: readonly MethodPanel[], input: NdArray, display: DisplayOptions): void {
  const image = inputImage(input);
  const pixels = image.width * image.height;
  const drawable: { panel: MethodPanel; map: Float32Array }[] = [];
  for (const panel of panels) {
    if (panel.map === undefined) continue;
    if (panel.map.data.length % pixels !== 0) {
      panel.setNote(`a map of shape [${panel.map.shape.join(', ')}] does not cover the ${image.height}×${image.width} image`);
      continue;
    }
    drawable.push({ panel, map: sumChannels(panel.map, pixels) });
  }
  const shared = display.scope === 'shared';
  const groups = shared ? groupByUnits(drawable, (d) => d.panel.method.method) : drawable.map((d) => [d]);
  for (const group of groups) {
    const scaled = scaleMaps(group.map((d) => d.map), display);
    group.forEach(({ panel }, i) => {
      const { data, range, rawEnds, note } = scaled[i]!;
      const scope = shared ? scopeNote(panel, group.map((d) => d.panel), drawable.length) : '';
      panel.setNote([note, scope].filter((t) => t !== '').join(' · '));
      try {
        const picture = overlayPicture(image, { width: image.width, height: image.height, data }, range, display);
        panel.show(picture, image, display.colormap, rawEnds);
      } catch (error) {
        panel.setNote(error instanceof Error ? error.message : String(error));
      }
    });
  }
}

/** Which maps share `panel`'s scale, or why it has its own. */
function scopeNote(panel: MethodPanel, group: readonly MethodPanel[], drawn: number): string {
  if (group.length > 1) return `scale shared with ${group.length - 1} other ${unitsOf(panel.method.method)} map${group.length > 2 ? 's' : ''}`;
  return drawn > 1 ? 'own scale: its units compare with no other map shown' : '';
}

/** Draws the model input itself (min-max scaled to 0-255; grey or RGB) on `canvas`. */
export function renderInput(canvas: HTMLCanvasElement, input: NdArray): void {
  drawPixels(canvas, inputImage(input));
}

/** The model input `[height, width, channels]` as RGBA, min-max scaled to 0-255. */
export function inputImage(input: NdArray): RgbaImage {
  const [height = 0, width = 0, channels = 1] = input.shape;
  let min = Infinity;
  let max = -Infinity;
  for (const v of input.data) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const scale = max > min ? 255 / (max - min) : 0;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) data[4 * p + c] = ((input.data[p * channels + (channels === 1 ? 0 : c)] as number) - min) * scale;
    data[4 * p + 3] = 255;
  }
  return { width, height, data };
}

/** A map with `pixels * channels` values reduced to one value a pixel by summing its channels. */
function sumChannels(map: NdArray, pixels: number): Float32Array {
  const channels = map.data.length / pixels;
  const out = new Float32Array(pixels);
  for (let p = 0; p < pixels; p++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += map.data[p * channels + c] as number;
    out[p] = sum;
  }
  return out;
}
