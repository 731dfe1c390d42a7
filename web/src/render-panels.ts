import { normalizedRange, normalizeMaps, renderOverlay, type Map2d, type NdArray, type RgbaImage } from 'tfjs-saliency';
import type { DisplayOptions } from './ui/display-controls.ts';
import { drawPixels } from './ui/dom.ts';
import type { MethodPanel } from './ui/method-panel.ts';

/**
 * Draws every panel that has a map with the library's rendering: channels summed into one value a
 * pixel (Captum's `visualize_image_attr`), sign and normalisation per map or on one shared scale,
 * then coloured and laid over the model's input as the display options say. A map that cannot be
 * drawn (e.g. a layer's activations) says why under its panel.
 */
export function renderPanels(panels: readonly MethodPanel[], input: NdArray, display: DisplayOptions): void {
  const image = inputPixels(input);
  const drawable: { panel: MethodPanel; map: Float32Array }[] = [];
  for (const panel of panels) {
    if (panel.map === undefined) continue;
    const pixels = image.width * image.height;
    if (panel.map.data.length % pixels !== 0) {
      panel.setStatus(`a map of shape [${panel.map.shape.join(', ')}] does not cover the ${image.height}×${image.width} image`, true);
      continue;
    }
    drawable.push({ panel, map: sumChannels(panel.map, pixels) });
  }
  if (drawable.length === 0) return;
  // An all-zero map renders as zeros; the panel says so instead of the console.
  const scaled = normalizeMaps(
    drawable.map((d) => d.map),
    { mode: display.mode, sign: display.sign, scope: display.scope, onWarning: () => undefined },
  );
  const range = normalizedRange(display) ?? extent(scaled);
  drawable.forEach(({ panel }, i) => {
    const map: Map2d = { width: image.width, height: image.height, data: scaled[i] as Float32Array };
    panel.setNote(map.data.every((v) => v === 0) ? `nothing to show with sign '${display.sign}'` : '');
    try {
      panel.show(renderOverlay(image, map, { mode: 'none', range, colormap: display.colormap, method: display.overlay, alpha: display.opacity }));
    } catch (error) {
      panel.setStatus(error instanceof Error ? error.message : String(error), true);
    }
  });
}

/** Draws the model input itself (min-max scaled to 0-255; grey or RGB) on `canvas`. */
export function renderInput(canvas: HTMLCanvasElement, input: NdArray): void {
  drawPixels(canvas, inputPixels(input));
}

/** The model input `[height, width, channels]` as RGBA, min-max scaled to 0-255. */
function inputPixels(input: NdArray): RgbaImage {
  const [height = 0, width = 0, channels = 1] = input.shape;
  const [min, max] = extent([input.data]);
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

/** Smallest and largest value over `arrays` ([0, 1] when they hold none or only one value). */
function extent(arrays: readonly Float32Array[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const values of arrays) {
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return max > min ? [min, max] : [0, 1];
}
