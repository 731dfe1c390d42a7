/**
 * The sanity check of Adebayo et al. 2018 as a picture: the same digits explained by the trained
 * shortcut model and by a copy with every weight re-drawn at random, side by side, per method. A map
 * that explains the model changes completely; one that mostly shows the input (Adebayo et al.:
 * guided backprop) looks much the same on both.
 */
import { perSampleTarget, type NdArray } from '../src/index.ts';
import type { ImageFigure } from '../src/node/index.ts';
import type { BundledModel, DemoSample } from './bundled-models.ts';
import { cardLineup } from './card-lineup.ts';
import type { DemoLog } from './demo-log.ts';
import { gridFigure, type FigureCell } from './grid-figure.ts';
import { tryMethod } from './method-rows.ts';
import { mapPicture, samplePicture } from './pictures.ts';
import { openRandomisedModel } from './randomised-model.ts';
import type { DemoSettings } from './settings.ts';

/** The methods the picture shows (those of them that fit the model). */
export const SANITY_METHODS = ['vanilla', 'guided', 'integrated-gradients', 'grad-cam'] as const;

/** The figure: a row of digits, then per method its trained / randomised maps of each digit. */
export async function sanityFigure(trained: BundledModel, digits: readonly DemoSample[], settings: DemoSettings, log: DemoLog): Promise<ImageFigure | undefined> {
  const randomised = await openRandomisedModel(trained.name);
  try {
    const size = settings.cellSize;
    const target = perSampleTarget(digits.map((d) => d.target));
    const rows: FigureCell[][] = [digits.flatMap((d) => [{ image: samplePicture(d, size), caption: `digit ${d.target}` }, { image: samplePicture(d, size) }])];
    for (const run of cardLineup(trained, settings).filter((r) => (SANITY_METHODS as readonly string[]).includes(r.label))) {
      const withTarget = { ...run, options: { ...run.options, target } };
      const [a, b] = [await tryMethod(log, `${trained.name} trained`, withTarget, trained.adapter, digits), await tryMethod(log, `${trained.name} randomised`, withTarget, randomised.adapter, digits)];
      if (!a || !b) continue;
      rows.push(digits.flatMap((_, i) => [
        { image: mapPicture(a.maps[i] as NdArray, size), caption: i === 0 ? run.label : 'trained' },
        { image: mapPicture(b.maps[i] as NdArray, size), caption: 'random' },
      ]));
    }
    if (rows.length === 1) return undefined;
    return gridFigure('shortcut-sanity-check.png', rows, 'Sanity check: trained vs randomised model',
      'Each method\'s maps of the same digits, in pairs: on the trained shortcut model (left) and on a copy with every weight re-drawn at random (right) ' +
        '(Adebayo et al. 2018). A map that explains the model should change beyond recognition; one that still looks like the ' +
        'digit shows the input more than the model.');
  } finally {
    randomised.dispose();
  }
}
