/**
 * keras-vis conv filter saliency: which input pixels drive a conv filter's mean activation, for the
 * most active filters of the first two conv layers.
 */
import * as tf from '@tensorflow/tfjs';
import { filterTarget, getMethod, type LayerInfo, type ModelAdapter } from '../src/index.ts';
import type { ImageFigure } from '../src/node/index.ts';
import type { BundledModel, DemoSample } from './bundled-models.ts';
import type { DemoLog } from './demo-log.ts';
import { samplesBatch } from './explain-samples.ts';
import { gridFigure, type FigureCell } from './grid-figure.ts';
import { mapRow, tryMethod } from './method-rows.ts';
import { samplePicture } from './pictures.ts';
import type { DemoSettings } from './settings.ts';

/** How many conv layers the demo explains filters of (keras-vis: the first and second). */
export const FILTER_LAYERS = 2;

/** The mean activation of each channel of `layer` over `samples` and space. */
export async function meanChannelActivations(adapter: ModelAdapter, samples: readonly DemoSample[], layer: LayerInfo): Promise<number[]> {
  const means = tf.tidy(() => {
    const activation = adapter.run([samplesBatch(samples)], { capture: new Set([layer.layer]) }).captured.get(layer.layer);
    if (!activation || activation.rank !== 4) throw new Error(`layer '${layer.name}': expected a rank-4 conv output`);
    return tf.mean(activation, [0, 1, 2]);
  });
  try {
    return Array.from(await means.data());
  } finally {
    means.dispose();
  }
}

/** The `count` channels with the highest mean activation, highest first. */
export function mostActive(means: readonly number[], count: number): number[] {
  return means
    .map((mean, index) => ({ mean, index }))
    .sort((a, b) => b.mean - a.mean)
    .slice(0, count)
    .map(({ index }) => index);
}

/** One figure per conv layer (the first {@link FILTER_LAYERS}): the digits, then a row per filter. */
export async function filterFigures(bundle: BundledModel, digits: readonly DemoSample[], settings: DemoSettings, log: DemoLog): Promise<ImageFigure[]> {
  const definition = getMethod('saliency');
  const convLayers = bundle.adapter.layers().filter((layer) => layer.className === 'Conv2D').slice(0, FILTER_LAYERS);
  const inputs: FigureCell[] = digits.map((digit) => ({ image: samplePicture(digit, settings.cellSize), caption: `digit ${digit.target}` }));
  const figures: ImageFigure[] = [];
  for (const layer of convLayers) {
    const filters = mostActive(await meanChannelActivations(bundle.adapter, digits, layer), settings.filtersPerLayer);
    const rows: FigureCell[][] = [inputs];
    for (const filter of filters) {
      const run = { label: `filter ${filter}`, definition, options: { target: filterTarget([...layer.path], filter) } };
      const explained = await tryMethod(log, `${bundle.name} ${layer.name}`, run, bundle.adapter, digits);
      if (explained) rows.push(mapRow(run.label, explained, settings.cellSize));
    }
    figures.push(
      gridFigure(`${bundle.name}-filters-${layer.name}.png`, rows, `Conv filter saliency: ${layer.name}`,
        `|gradient| of the mean activation of ${layer.name}'s ${filters.length} most active filters on these digits ` +
          '(keras-vis visualize_saliency with layer_idx on a conv layer). A first-layer filter is one 3 x 3 detector, so its map is ' +
          'flat wherever it fires (on the stroke, or on the background) and changes only at edges; second-layer filters pick out ' +
          'stroke edges of one orientation.'),
    );
  }
  return figures;
}
