/**
 * Saliency cards: for a model, every method's faithfulness (deletion / insertion AUC),
 * randomisation (MPRT: similarity to the trained model's map as layers are randomised) and
 * complexity (sparseness) scores with the time per map, one sortable table per model; for the
 * shortcut model the methods are ranked by how well they localise the planted mark, the known
 * ground truth.
 */
import type { GallerySection, ImageFigure } from '../src/node/index.ts';
import { markRegionMask } from '../models/data/shortcut-digits.ts';
import { PEAK_PIXELS } from '../models/lib/mark-saliency.ts';
import type { BundledModel } from './bundled-models.ts';
import { cardLineup } from './card-lineup.ts';
import { cardRows, registeredMetrics, type CardMetric } from './card-scores.ts';
import { cardTableHtml } from './card-table.ts';
import type { DemoLog } from './demo-log.ts';
import { onePerClass } from './mnist-section.ts';
import { markedDigits } from './shortcut-section.ts';
import { sanityFigure } from './sanity-figure.ts';
import type { DemoSettings } from './settings.ts';

/** The methods the quick demo runs MPRT for: plain saliency, which decorrelates, and guided backprop, which barely does (Adebayo et al.). */
export const QUICK_MPRT = ['vanilla', 'guided'] as const;
/** The methods the full demo runs MPRT for: the Sanity Checks paper's (MPRT re-explains once per weighted layer; bench/saliency-cards.ts runs it for all). */
export const FULL_MPRT = ['vanilla', 'guided', 'integrated-gradients', 'grad-cam', 'guided-grad-cam'] as const;

/**
 * The card's metrics: faithfulness, randomisation and complexity, at the demo's sizes; MPRT for
 * {@link QUICK_MPRT} or {@link FULL_MPRT}, or every method when `allMprt`.
 */
export function faithfulnessMetrics(settings: DemoSettings, allMprt = false): CardMetric[] {
  const mprtFor = allMprt ? undefined : settings.quick ? QUICK_MPRT : FULL_MPRT;
  return registeredMetrics([
    // Probabilities, as Petsiuk et al. score deletion and insertion (the maps explain the logits).
    { name: 'deletion', label: 'deletion AUC', options: { steps: settings.cardSteps, softmax: 'keep' } },
    { name: 'insertion', label: 'insertion AUC', options: { steps: settings.cardSteps, softmax: 'keep' } },
    { name: 'model-parameter-randomisation', label: 'MPRT similarity', options: {}, ...(mprtFor ? { only: mprtFor } : {}) },
    { name: 'sparseness', label: 'sparseness (Gini)', options: {} },
  ]);
}

const MNIST_TEXT =
  'Which map can I trust? Each method\'s maps of the first held-back digits, each for its own class (logit), scored by the ' +
  'metrics library. Deletion: the area under the class probability as the most relevant pixels are set to 0 first (a faithful map makes it ' +
  'fall fast); insertion: as they are put back into a blurred copy; MPRT: the mean Spearman correlation between the map and the ' +
  'map of copies of the model whose layers are randomised from the top down (a map that depends on what the model learned ' +
  'decorrelates; Adebayo et al. found guided backprop barely changes); sparseness: the Gini index of |map|. Click a header to sort.';

/** The card of a digit classifier (MNIST CNN). */
export async function mnistCard(bundle: BundledModel, settings: DemoSettings, log: DemoLog): Promise<GallerySection<ImageFigure>> {
  const digits = onePerClass(bundle.samples).slice(0, settings.cardDigits);
  const metrics = faithfulnessMetrics(settings);
  const partial = ` (MPRT for ${(settings.quick ? QUICK_MPRT : FULL_MPRT).join(', ')} only; bench/saliency-cards.ts runs it for every method)`;
  const rows = await cardRows(bundle.adapter, cardLineup(bundle, settings), digits, digits.map((d) => d.target), metrics, log, bundle.name);
  return {
    title: `${bundle.title}: saliency card`,
    text: `${MNIST_TEXT} ${digits.length} digits, ${settings.cardSteps}-step curves${partial}.`,
    figures: [],
    html: cardTableHtml(rows, metrics),
  };
}

/** The localisation metrics of the shortcut card, the mark's region as ground truth (one mask per digit). */
export function markMetrics(marks: readonly number[]): CardMetric[] {
  const size = 28 * 28;
  const data = new Float32Array(marks.length * size);
  marks.forEach((mark, i) => data.set(markRegionMask(mark), i * size));
  const region = { data, shape: [marks.length, 28, 28] };
  return registeredMetrics([
    { name: 'relevance-mass-accuracy', label: 'mass on the mark', options: { region, absolute: true } },
    { name: 'top-k-intersection', label: `of the ${PEAK_PIXELS} strongest pixels on the mark`, options: { region, absolute: true, k: PEAK_PIXELS } },
    { name: 'pointing-game', label: 'pointing game', options: { region, absolute: true } },
  ]);
}

const SHORTCUT_TEXT =
  'The shortcut model reads the planted square, so here the ground truth is known: a method that explains this model should put ' +
  'its map on the square. The methods are ranked by the share of |map| on the square\'s region (relevance mass accuracy, ' +
  'Arras et al.); the other columns count how many of the strongest pixels lie there and whether the single strongest does ' +
  '(pointing game), on the digits that carry their own class\'s square. Below, the sanity check: the same maps on the trained ' +
  'model and on a randomised copy.';

/**
 * The shortcut model's card: the methods ranked by how much of their map lies on the mark the model
 * reads, with the sanity-check figure; `ranking` lists the methods best first.
 */
export async function shortcutCard(shortcut: BundledModel, settings: DemoSettings, log: DemoLog): Promise<{ section: GallerySection<ImageFigure>; ranking: string[] }> {
  const digits = markedDigits(shortcut.samples, settings.shortcutDigits, 0);
  const samples = digits.map((d) => d.sample);
  const metrics = markMetrics(digits.map((d) => d.mark));
  const rows = await cardRows(shortcut.adapter, cardLineup(shortcut, settings), samples, samples.map((s) => s.target), metrics, log, shortcut.name);
  const ranked = [...rows].sort((a, b) => (b.scores['relevance-mass-accuracy'] ?? -1) - (a.scores['relevance-mass-accuracy'] ?? -1));
  const figure = await sanityFigure(shortcut, samples.slice(0, 2), settings, log);
  return {
    section: { title: `${shortcut.title}: which method finds the mark?`, text: SHORTCUT_TEXT, figures: figure ? [figure] : [], html: cardTableHtml(ranked, metrics) },
    ranking: ranked.map((r) => r.method),
  };
}
