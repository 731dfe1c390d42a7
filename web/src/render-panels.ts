import type { RgbaImage } from '../../src/core/image.ts';
import type { NdArray } from '../../src/core/ndarray.ts';
import { COLORMAPS } from '../../src/render/colormaps/index.ts';
import { normalizeMaps, normalizedRange } from '../../src/render/normalize.ts';
import type { DisplayOptions } from './ui/display-controls.ts';
import { drawPixels } from './ui/dom.ts';
import type { MethodPanel } from './ui/method-panel.ts';

/**
 * Draws every panel that has a map: channels summed into one value a pixel (Captum's
 * `visualize_image_attr`), sign and normalisation applied per map or on one shared scale, coloured,
 * and blended over the model's input at `opacity`.
 */
export function renderPanels(panels: readonly MethodPanel[], input: NdArray, display: DisplayOptions): void {
  const shown = panels.filter((p) => p.map !== undefined);
  if (shown.length === 0) return;
  const background = inputPixels(input);
  const warnings: string[] = [];
  const scaled = normalizeMaps(
    shown.map((p) => sumChannels(p.map as NdArray, background.width * background.height)),
    { mode: display.mode, sign: display.sign, scope: display.scope, onWarning: (w) => warnings.push(w) },
  );
  const [low, high] = normalizedRange(display) ?? [undefined, undefined];
  const colormap = COLORMAPS[display.colormap];
  shown.forEach((panel, i) => {
    const values = scaled[i] as Float32Array;
    const range = low === undefined ? extent(values) : [low, high as number];
    const out = new Uint8ClampedArray(background.data.length);
    for (let p = 0; p < values.length; p++) {
      const t = range[1] > range[0] ? ((values[p] as number) - range[0]) / (range[1] - range[0]) : 0;
      const colour = colormap(t);
      for (let c = 0; c < 3; c++) {
        out[4 * p + c] = (1 - display.opacity) * (background.data[4 * p + c] as number) + display.opacity * colour[c];
      }
      out[4 * p + 3] = 255;
    }
    panel.show({ width: background.width, height: background.height, data: out });
  });
}

/** Draws the model input itself (min-max scaled to 0-255; grey or RGB) on `canvas`. */
export function renderInput(canvas: HTMLCanvasElement, input: NdArray): void {
  drawPixels(canvas, inputPixels(input));
}

/** The model input `[height, width, channels]` as RGBA, min-max scaled to 0-255. */
function inputPixels(input: NdArray): RgbaImage {
  const [height = 0, width = 0, channels = 1] = input.shape;
  const [min, max] = extent(input.data);
  const scale = max > min ? 255 / (max - min) : 0;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) data[4 * p + c] = ((input.data[p * channels + (channels === 1 ? 0 : c)] as number) - min) * scale;
    data[4 * p + 3] = 255;
  }
  return { width, height, data };
}

/** A map `[1?, height, width, channels]` reduced to one value a pixel by summing its channels. */
function sumChannels(map: NdArray, pixels: number): Float32Array {
  const channels = map.data.length / pixels;
  if (!Number.isInteger(channels)) throw new Error(`map of shape [${map.shape.join(', ')}] does not fit the input's ${pixels} pixels`);
  const out = new Float32Array(pixels);
  for (let p = 0; p < pixels; p++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += map.data[p * channels + c] as number;
    out[p] = sum;
  }
  return out;
}

function extent(values: ArrayLike<number>): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min <= max ? [min, max] : [0, 0];
}
