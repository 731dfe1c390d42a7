/**
 * The "tree, not bird" scenario: the same marked held-back digits explained by the shortcut model
 * (trained with a class-revealing corner mark) and by its clean twin, with the measured share of
 * |saliency| on the mark in every caption.
 */
import { getMethod, perSampleTarget } from '../src/index.ts';
import type { GallerySection, ImageFigure } from '../src/node/index.ts';
import { DIGIT_SIZE } from '../models/data/mnist-digits.ts';
import { MARK_REGION_MARGIN, MARK_SIZE, findMark, markRegionMask } from '../models/data/shortcut-digits.ts';
import { PEAK_PIXELS } from '../models/lib/mark-saliency.ts';
import { regionMassFraction, regionPeakFraction } from '../models/lib/region-share.ts';
import type { BundledModel, DemoSample } from './bundled-models.ts';
import type { DemoLog } from './demo-log.ts';
import { outputsOf } from './explain-samples.ts';
import { gridFigure, type FigureCell } from './grid-figure.ts';
import { tryMethod } from './method-rows.ts';
import { mapPicture, samplePicture } from './pictures.ts';
import type { DemoSettings } from './settings.ts';

/** Where a model's |saliency| falls on marked digits, averaged over the digits that carry their own class's mark. */
export interface MarkShare {
  /** Mean fraction of the |saliency| mass inside the mark's region. */
  readonly mass: number;
  /** Mean fraction of the {@link PEAK_PIXELS} strongest |saliency| pixels inside the mark's region. */
  readonly peak: number;
}

/** The mark shares of both models of the shortcut section. */
export interface MarkShares {
  readonly shortcut: MarkShare;
  readonly clean: MarkShare;
}

const SECTION_TEXT =
  'The question keras-vis was written for: does the model look at the bird, or at the tree behind it? Both models ' +
  'have the same architecture and training; the shortcut model saw digits most of which carried a small white square ' +
  'whose position along the top or bottom border gives away the class. Each map is the |gradient| of the class the ' +
  'model predicts. Expect the shortcut model\'s hottest spot to sit on the little square (part of its gradient still ' +
  'lies on the strokes: it reads both), while the clean model\'s maps trace the strokes and leave the square dark. ' +
  'The last digits carry the square of another class: there the shortcut model\'s map shows how much the wrong square ' +
  'still pulls at it.';

/** What the model cards measured on all held-back digits, in words (empty when the cards lack the numbers). */
function cardSummary(shortcut: BundledModel, clean: BundledModel): string {
  const pct = (value: number | undefined): string | undefined => (value === undefined ? undefined : `${(100 * value).toFixed(1)} %`);
  const [sc, cc] = [shortcut.metrics, clean.metrics];
  const parts = [
    pct(sc['cleanAccuracy']) && pct(cc['cleanAccuracy']) ? `accuracy on unmarked digits ${pct(sc['cleanAccuracy'])} (shortcut) vs ${pct(cc['cleanAccuracy'])} (clean)` : '',
    pct(sc['markedAccuracy']) && pct(cc['markedAccuracy']) ? `on marked digits ${pct(sc['markedAccuracy'])} vs ${pct(cc['markedAccuracy'])}` : '',
    pct(sc['conflictingFollowsMark']) ? `given another class's square, the shortcut model follows the square on ${pct(sc['conflictingFollowsMark'])} of the digits` : '',
  ].filter(Boolean);
  return parts.length === 0 ? '' : ` On all held-back digits (the model cards): ${parts.join('; ')}.`;
}

/** Digits that carry their own class's mark, then digits that carry another class's mark. */
export function markedDigits(samples: readonly DemoSample[], own: number, conflicting: number): { sample: DemoSample; mark: number }[] {
  const marked = samples.flatMap((sample) => {
    const mark = findMark(sample.pixels);
    return mark === undefined ? [] : [{ sample, mark }];
  });
  return [...marked.filter((d) => d.mark === d.sample.target).slice(0, own), ...marked.filter((d) => d.mark !== d.sample.target).slice(0, conflicting)];
}

/** The shortcut section and the mean mark shares it printed. */
export async function shortcutSection(
  shortcut: BundledModel,
  clean: BundledModel,
  settings: DemoSettings,
  log: DemoLog,
): Promise<{ section: GallerySection<ImageFigure>; shares: Partial<MarkShares> }> {
  const digits = markedDigits(shortcut.samples, settings.shortcutDigits, settings.conflictingDigits);
  if (digits.length === 0) throw new Error(`samples: bundled model '${shortcut.name}' ships no marked digits`);
  const samples = digits.map((d) => d.sample);
  const size = settings.cellSize;
  const rows: FigureCell[][] = [digits.map(({ sample, mark }) => ({ image: samplePicture(sample, size), caption: `${sample.target}, mark ${mark}` }))];
  const shares: Partial<Record<keyof MarkShares, MarkShare>> = {};
  const definition = getMethod('saliency');
  for (const [key, bundle] of [['shortcut', shortcut], ['clean', clean]] as const) {
    const outputs = await outputsOf(bundle.adapter, samples);
    const predicted = outputs.map((row) => row.indexOf(Math.max(...row)));
    const explained = await tryMethod(log, bundle.name, { label: 'vanilla', definition, options: { target: perSampleTarget(predicted) } }, bundle.adapter, samples);
    if (!explained) continue;
    const perDigit = explained.maps.map((map, i) => {
      const region = markRegionMask((digits[i] as { mark: number }).mark);
      return { mass: regionMassFraction(map, region), peak: regionPeakFraction(map, region, PEAK_PIXELS) };
    });
    const own = perDigit.filter((_, i) => digits[i]?.mark === digits[i]?.sample.target);
    const mean = (pick: (share: MarkShare) => number): number => own.reduce((sum, share) => sum + pick(share), 0) / Math.max(1, own.length);
    const share = { mass: mean((s) => s.mass), peak: mean((s) => s.peak) };
    shares[key] = share;
    log.print(`  ${bundle.name}: ${percent(share.mass)} of |saliency| on the mark, ${percent(share.peak)} of its ${PEAK_PIXELS} strongest pixels (digits with their own mark)`);
    rows.push(
      explained.maps.map((map, i) => ({
        image: mapPicture(map, size),
        caption: `${i === 0 ? `${key} ` : ''}-> ${predicted[i]} ${percent(perDigit[i]?.mass)}, ${Math.round(PEAK_PIXELS * (perDigit[i]?.peak ?? 0))}/${PEAK_PIXELS}`,
      })),
    );
  }
  const side = MARK_SIZE + 2 * MARK_REGION_MARGIN;
  const summary = `on the ${side} x ${side} mark region (${percent((side * side) / DIGIT_SIZE ** 2)} of the image), mean over the digits with their own mark: ` +
    `|saliency| mass shortcut model ${percent(shares.shortcut?.mass)}, clean model ${percent(shares.clean?.mass)}; ` +
    `of the ${PEAK_PIXELS} strongest pixels, shortcut model ${percent(shares.shortcut?.peak)}, clean model ${percent(shares.clean?.peak)}.`;
  return {
    section: {
      title: 'Shortcut vs clean: the digit, or the mark beside it?',
      text: `${SECTION_TEXT}${cardSummary(shortcut, clean)} For the digits shown, ${summary}`,
      figures: [
        gridFigure('shortcut-vs-clean.png', rows, 'Same digits, two models: shortcut (middle) vs clean (bottom)',
          `Top: marked held-back digits (true class, class of the mark). Middle: shortcut model, bottom: clean model; each map ` +
            `explains the predicted class, captioned with the prediction, the share of |saliency| on the mark and how many of the ` +
            `${PEAK_PIXELS} strongest pixels lie there. Measured ${summary}`),
      ],
    },
    shares,
  };
}

function percent(value: number | undefined): string {
  return value === undefined ? 'n/a' : `${(100 * value).toFixed(0)}%`;
}
