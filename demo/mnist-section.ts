/**
 * The MNIST scenarios of keras-vis's attention notebook: categorical saliency for all ten digits
 * (vanilla / guided / rectified), every other registered method that fits, and conv filter saliency.
 */
import { getMethod, perSampleTarget, type BackpropModifierName } from '../src/index.ts';
import type { GallerySection, ImageFigure } from '../src/node/index.ts';
import type { BundledModel, DemoSample } from './bundled-models.ts';
import type { DemoLog } from './demo-log.ts';
import { outputsOf } from './explain-samples.ts';
import { filterFigures } from './filter-figures.ts';
import { gridFigure, type FigureCell } from './grid-figure.ts';
import { FAMILY_TITLES, methodsByFamily } from './method-lineup.ts';
import { describeRun, mapRow, tryMethod, type MethodRun } from './method-rows.ts';
import { samplePicture } from './pictures.ts';
import { demoMethodOptions, type DemoSettings } from './settings.ts';

/** keras-vis's three rows: plain saliency with no, guided and rectified backprop. */
export const KERAS_VIS_SALIENCY_ROWS: readonly { readonly label: string; readonly backpropModifier?: BackpropModifierName }[] = [
  { label: 'vanilla' },
  { label: 'guided', backpropModifier: 'guided' },
  { label: 'rectified', backpropModifier: 'rectified' },
];

const SECTION_TEXT =
  'Which pixels make the network call this a 7? One held-back digit per class, each explained for its own class ' +
  '(the logit, softmax removed). Expect the bright parts of each map to trace the strokes of its digit: vanilla ' +
  'saliency is speckled, guided backprop (keras-vis: the clearest) shows clean strokes, rectified (deconvnet) is ' +
  'noisier. CAM maps are coarse blobs over the digit (computed on a low-resolution conv layer, then upsampled); ' +
  'perturbation maps are blocky because they score whole patches. A map that lit up the empty background would mean ' +
  'the model looks at something other than the digit: here none should.';

/** The first sample of each class 0-9. */
export function onePerClass(samples: readonly DemoSample[], classes = 10): DemoSample[] {
  return Array.from({ length: classes }, (_, digit) => {
    const found = samples.find((s) => s.target === digit);
    if (!found) throw new Error(`samples: no sample of class ${digit}; the MNIST demo needs one per class`);
    return found;
  });
}

/** The digits with "true -> predicted (probability)" captions. */
export async function digitRow(bundle: BundledModel, digits: readonly DemoSample[], size: number): Promise<FigureCell[]> {
  const outputs = await outputsOf(bundle.adapter, digits);
  return digits.map((digit, i) => {
    const row = outputs[i] as number[];
    const predicted = row.indexOf(Math.max(...row));
    return { image: samplePicture(digit, size), caption: `${digit.target} -> ${predicted} (${(row[predicted] as number).toFixed(2)})` };
  });
}

/** The MNIST section of the gallery. */
export async function mnistSection(bundle: BundledModel, settings: DemoSettings, log: DemoLog): Promise<GallerySection<ImageFigure>> {
  const digits = onePerClass(bundle.samples);
  const size = settings.cellSize;
  const inputs = await digitRow(bundle, digits, size);
  const target = perSampleTarget(digits.map((d) => d.target));
  const what = bundle.name;

  const kerasVisRows: FigureCell[][] = [inputs];
  const definition = getMethod('saliency');
  for (const { label, backpropModifier } of KERAS_VIS_SALIENCY_ROWS) {
    const run: MethodRun = { label, definition, options: { target, ...(backpropModifier ? { backpropModifier } : {}) } };
    const explained = await tryMethod(log, what, run, bundle.adapter, digits);
    if (explained) kerasVisRows.push(mapRow(label, explained, size));
  }
  const figures: ImageFigure[] = [
    gridFigure('mnist-keras-vis-saliency.png', kerasVisRows, 'Saliency: vanilla / guided / rectified',
      'keras-vis attention notebook: |gradient| of each digit\'s own class, per-map min-max, jet.'),
  ];

  for (const [family, methods] of methodsByFamily(bundle.adapter, ['saliency'])) {
    const rows: FigureCell[][] = [inputs];
    const described: string[] = [];
    for (const definition of methods) {
      const run: MethodRun = { label: definition.name, definition, options: { target, ...demoMethodOptions(definition, settings) } };
      const explained = await tryMethod(log, what, run, bundle.adapter, digits);
      if (!explained) continue;
      rows.push(mapRow(definition.name, explained, size));
      described.push(describeRun(definition.title, demoMethodOptions(definition, settings)));
    }
    if (rows.length > 1) {
      figures.push(gridFigure(`mnist-${family}.png`, rows, FAMILY_TITLES[family], `${described.join('; ')}. |map| per digit, min-max, jet.`));
    }
  }

  figures.push(...(await filterFigures(bundle, digits.slice(0, settings.filterDigits), settings, log)));
  return { title: `${bundle.title}: which pixels make it a 7?`, text: `${SECTION_TEXT} ${accuracyNote(bundle)}`, figures };
}

function accuracyNote(bundle: BundledModel): string {
  const accuracy = bundle.metrics['heldBackAccuracy'];
  return accuracy === undefined ? '' : `The model's accuracy on held-back digits: ${(100 * accuracy).toFixed(2)} %.`;
}
