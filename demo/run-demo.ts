/**
 * The whole demo: every bundled model through its keras-vis scenarios, written as PNG figures and
 * an index.html gallery (each file written atomically, the page last).
 */
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeImageGallery, type GallerySection, type ImageFigure } from '../src/node/index.ts';
import type { BundledModelName } from '../models/lib/bundled.ts';
import { openBundledModel, type BundledModel } from './bundled-models.ts';
import { demoLog, formatSeconds, type DemoLog } from './demo-log.ts';
import { mnistSection } from './mnist-section.ts';
import { mnistCard, shortcutCard } from './saliency-cards.ts';
import { FULL_DEMO, QUICK_DEMO } from './settings.ts';
import { shortcutSection, type MarkShares } from './shortcut-section.ts';
import { steeringSection } from './steering-section.ts';
import { textSection } from './text-section.ts';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Folder for index.html and the figures. Default 'out'. */
  readonly out?: string;
  /** Run the reduced demo ({@link QUICK_DEMO}) instead of the full one ({@link FULL_DEMO}). Default false. */
  readonly quick?: boolean;
  /** Receives the progress lines. Default: none printed. */
  readonly print?: (line: string) => void;
}

/** What a demo run wrote and measured. */
export interface DemoResult {
  /** Absolute path of index.html. */
  readonly page: string;
  /** The figure files, relative to the page. */
  readonly figures: readonly string[];
  /** Where each shortcut-section model's |saliency| falls on the planted mark (absent when its method failed). */
  readonly markShares: Partial<MarkShares>;
  /** The methods of the shortcut model's saliency card, by their share of |map| on the planted mark, best first. */
  readonly markRanking: readonly string[];
  /** Methods that failed, as "model: method: message" (the demo goes on without them). */
  readonly failures: readonly string[];
  readonly seconds: number;
}

/** Runs `build` with the bundled model `name` loaded, then frees it. */
async function withModel<T>(name: BundledModelName, log: DemoLog, build: (bundle: BundledModel) => Promise<T>): Promise<T> {
  const bundle = await openBundledModel(name);
  log.print(`${bundle.title} (models/${name})`);
  try {
    return await build(bundle);
  } finally {
    bundle.dispose();
  }
}

/**
 * Runs the demo on the active TF.js backend (set it up first, e.g. with `setupBackend`) and writes
 * `out/index.html`. Leaves no tensors behind.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const started = performance.now();
  const settings = options.quick ? QUICK_DEMO : FULL_DEMO;
  const log = demoLog(options.print ?? (() => undefined));
  const out = resolve(options.out ?? 'out');
  log.print(`saliency demo (${settings.quick ? 'quick' : 'full'}, backend ${tf.getBackend()}): writing ${out}`);

  const sections: GallerySection<ImageFigure>[] = [];
  sections.push(...(await withModel('mnist-cnn', log, async (bundle) => [await mnistSection(bundle, settings, log), await mnistCard(bundle, settings, log)])));
  sections.push(await withModel('steering', log, (bundle) => steeringSection(bundle, settings, log)));
  const { section, shares, card } = await withModel('shortcut', log, async (shortcut) => ({
    ...(await withModel('shortcut-clean', log, (clean) => shortcutSection(shortcut, clean, settings, log))),
    card: await shortcutCard(shortcut, settings, log),
  }));
  sections.push(section, card.section);
  sections.push(await textSection(settings, log));

  const seconds = (performance.now() - started) / 1000;
  const failed = log.failures.length > 0 ? ` Methods that failed: ${log.failures.join('; ')}.` : '';
  const page = await writeImageGallery(out, {
    layout: 'wide',
    title: 'tfjs-saliency demo: which pixels made the model say that?',
    text: `The keras-vis scenarios on the bundled models, computed in ${formatSeconds(seconds)} on the ${tf.getBackend()} backend` +
      `${settings.quick ? ' (quick run: reduced settings)' : ''}.${failed}`,
    sections,
  });
  log.print(`wrote ${page} (${formatSeconds(seconds)})`);
  return { page, figures: sections.flatMap((s) => s.figures.map((f) => f.file)), markShares: shares, markRanking: card.ranking, failures: [...log.failures], seconds };
}
