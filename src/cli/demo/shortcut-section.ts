/**
 * The "tree, not bird" scenario: the same marked held-back digits explained by the shortcut model
 * (trained with a class-revealing corner mark) and by its clean twin, with the measured share of
 * |saliency| on the mark in every caption.
 */
import { perSampleTarget } from '../../core/target.ts';
import type { GallerySection, ImageFigure } from '../../node/output/gallery.ts';
import { chooseMethod } from '../method-choice.ts';
import type { BundledModel, DemoSample } from './bundled-models.ts';
import type { DemoLog } from './demo-log.ts';
import { outputsOf } from './explain-samples.ts';
import { gridFigure, type FigureCell } from './grid-figure.ts';
import { regionMassFraction } from './mass-fraction.ts';
import { tryMethod } from './method-rows.ts';
import { mapPicture, samplePicture } from './pictures.ts';
import type { DemoSettings } from './settings.ts';
import { DIGIT_SIDE, MARK_MARGIN, MARK_SIDE, findMark, markRegion } from './shortcut-mark.ts';

/** Mean share of |saliency| on the mark, per model, over the digits that carry their own class's mark. */
export interface MarkFractions {
  readonly shortcut: number;
  readonly clean: number;
}

const SECTION_TEXT =
  'The question keras-vis was written for: does the model look at the bird, or at the tree behind it? Both models ' +
  'have the same architecture and training; the shortcut model saw digits most of which carried a small white square ' +
  'whose position along the top or bottom border gives away the class. Each map is the |gradient| of the class the ' +
  'model predicts. Expect the shortcut model\'s maps to sit on the little square (and it to follow the square when ' +
  'the square belongs to another class, the last digits), while the clean model\'s maps trace the strokes of the digit ' +
  'and ignore the square. Same accuracy on ordinary test digits, completely different reasons: saliency shows which.';

/** Digits that carry their own class's mark, then digits that carry another class's mark. */
export function markedDigits(samples: readonly DemoSample[], own: number, conflicting: number): { sample: DemoSample; mark: number }[] {
  const marked = samples.flatMap((sample) => {
    const mark = findMark(sample.pixels);
    return mark === undefined ? [] : [{ sample, mark }];
  });
  return [...marked.filter((d) => d.mark === d.sample.target).slice(0, own), ...marked.filter((d) => d.mark !== d.sample.target).slice(0, conflicting)];
}

/** The shortcut section and the mean mark fractions it printed. */
export async function shortcutSection(
  shortcut: BundledModel,
  clean: BundledModel,
  settings: DemoSettings,
  log: DemoLog,
): Promise<{ section: GallerySection<ImageFigure>; fractions: Partial<MarkFractions> }> {
  const digits = markedDigits(shortcut.samples, settings.shortcutDigits, settings.conflictingDigits);
  if (digits.length === 0) throw new Error(`samples: bundled model '${shortcut.name}' ships no marked digits`);
  const samples = digits.map((d) => d.sample);
  const size = settings.cellSize;
  const rows: FigureCell[][] = [digits.map(({ sample, mark }) => ({ image: samplePicture(sample, size), caption: `${sample.target}, mark ${mark}` }))];
  const fractions: Partial<Record<keyof MarkFractions, number>> = {};
  const { definition } = chooseMethod('vanilla');
  for (const [key, bundle] of [['shortcut', shortcut], ['clean', clean]] as const) {
    const outputs = await outputsOf(bundle.adapter, samples);
    const predicted = outputs.map((row) => row.indexOf(Math.max(...row)));
    const explained = await tryMethod(log, bundle.name, { label: 'vanilla', definition, options: { target: perSampleTarget(predicted) } }, bundle.adapter, samples);
    if (!explained) continue;
    const shares = explained.maps.map((map, i) => regionMassFraction(map, markRegion(digits[i]!.mark)));
    const ownShares = shares.filter((_, i) => digits[i]!.mark === digits[i]!.sample.target);
    fractions[key] = ownShares.reduce((a, b) => a + b, 0) / Math.max(1, ownShares.length);
    log.print(`  ${bundle.name}: ${percent(fractions[key])} of |saliency| on the mark (digits with their own mark)`);
    rows.push(explained.maps.map((map, i) => ({ image: mapPicture(map, size), caption: `${i === 0 ? `${key} ` : ''}-> ${predicted[i]} ${percent(shares[i]!)}` })));
  }
  const side = MARK_SIDE + 2 * MARK_MARGIN;
  const summary = `|saliency| on the mark region (${side} x ${side} pixels, ${percent((side * side) / DIGIT_SIDE ** 2)} of the image), mean over digits with their own mark: ` +
    `shortcut model ${percent(fractions.shortcut)}, clean model ${percent(fractions.clean)}.`;
  return {
    section: {
      title: 'Shortcut vs clean: the digit, or the mark beside it?',
      text: `${SECTION_TEXT} Measured on these digits: ${summary}`,
      figures: [
        gridFigure('shortcut-vs-clean.png', rows, 'Same digits, two models: shortcut (middle) vs clean (bottom)',
          `Top: marked held-back digits (true class, class of the mark). Middle: shortcut model, bottom: clean model; each map ` +
            `explains the predicted class, captioned with the prediction and the share of |saliency| on the mark. ${summary}`),
      ],
    },
    fractions,
  };
}

function percent(value: number | undefined): string {
  return value === undefined ? 'n/a' : `${(100 * value).toFixed(0)}%`;
}
