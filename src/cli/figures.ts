/**
 * Turning attributions into the files the CLI writes: map and overlay PNGs, raw .npy and JSON.
 */
import { join } from 'node:path';
import type { RgbaImage } from '../core/image.ts';
import type { PixelRect } from '../image/transform.ts';
import { sampleOf, type NdArray } from '../core/ndarray.ts';
import { reduceChannels } from '../core/reduce.ts';
import type { Attribution } from '../core/result.ts';
import { renderMap } from '../render/render-map.ts';
import type { ColormapName } from '../render/colormaps/index.ts';
import { renderOverlay } from '../render/render-overlay.ts';
import { writePng } from '../node/output/png.ts';
import { writeNpy } from '../node/output/npy.ts';
import { writeJson, mapToJson } from '../node/output/json.ts';

/** Output formats of `explain` and `batch`. */
export const OUTPUT_FORMATS = ['png', 'npy', 'json'] as const;
/** One output format. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** How figures look. */
export interface FigureStyle {
  /** Colormap name. Default 'jet' (keras-vis). */
  readonly colormap?: ColormapName;
  /** Weight of the heat map in the overlay. Default 0.5 (keras-vis). */
  readonly alpha?: number;
}

/** The 2-D map of sample `index` (channels reduced by max |value|, as keras-vis shows saliency). */
export function displayMap(attribution: Attribution, index: number): NdArray {
  const sample = sampleOf(attribution.map, index);
  return sample.shape.length === 3 ? reduceChannels(sample, 'max-abs') : sample;
}

/**
 * The rendered map and its overlay on `image`. Both are placed on `region`, the part of the image the
 * model saw (default: all of it): the map at the region's size, the overlay on the region with the
 * rest of the photo in grey.
 */
export function renderFigures(map: NdArray, image: RgbaImage, style: FigureStyle = {}, region?: PixelRect): { map: RgbaImage; overlay: RgbaImage } {
  const colormap = style.colormap ?? 'jet';
  const seen = region ?? { left: 0, top: 0, width: image.width, height: image.height };
  return {
    map: renderMap(map, { colormap, width: seen.width, height: seen.height }),
    overlay: renderOverlay(image, map, { colormap, method: 'blend', alpha: style.alpha ?? 0.5, region: seen }),
  };
}

/**
 * Writes the chosen formats for one sample under `directory/stem.*`; returns the paths written.
 * `region` is the part of `image` the model saw (default: all of it); pictures are placed on it and
 * the JSON metadata records it.
 */
export async function writeSampleOutputs(
  directory: string,
  stem: string,
  attribution: Attribution,
  index: number,
  image: RgbaImage,
  formats: readonly OutputFormat[],
  style: FigureStyle = {},
  region?: PixelRect,
): Promise<string[]> {
  const written: string[] = [];
  const map = displayMap(attribution, index);
  if (formats.includes('png')) {
    const figures = renderFigures(map, image, style, region);
    for (const [kind, picture] of Object.entries(figures)) {
      const path = join(directory, `${stem}.${kind}.png`);
      await writePng(path, picture);
      written.push(path);
    }
  }
  if (formats.includes('npy')) {
    const path = join(directory, `${stem}.npy`);
    await writeNpy(path, sampleOf(attribution.map, index));
    written.push(path);
  }
  if (formats.includes('json')) {
    const path = join(directory, `${stem}.json`);
    const raw = sampleOf(attribution.map, index);
    const seen = region ? { imageRegion: region } : {};
    await writeJson(path, { map: mapToJson(raw), meta: { ...sampleMeta(attribution, index), ...seen } });
    written.push(path);
  }
  return written;
}

/** The metadata of one sample of a batch result. */
export function sampleMeta(attribution: Attribution, index: number): Record<string, unknown> {
  const { scores, units, ...rest } = attribution.meta;
  return { ...rest, score: scores[index], ...(units ? { unit: units[index] } : {}) };
}
