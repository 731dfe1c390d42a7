/**
 * The loop of a `saliency batch` run, whatever the model (TF.js session or .onnx file): the images
 * of --images, the resumable record (images already done in --out are skipped), chunks of images
 * read (an unreadable one is set aside by name) and handed to the model's `explain`, the record
 * written after every chunk, progress, and the gallery at the end (finishBatch).
 */
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Attribution } from '../core/result.ts';
import type { RgbaImage } from '../core/image.ts';
import type { PixelRect } from '../image/transform.ts';
import { writePng } from '../node/output/png.ts';
import { loadImage, type LoadImageOptions } from '../node/images.ts';
import { batchInputs } from './batch-inputs.ts';
import { finishBatch, type FailedImage } from './batch-gallery.ts';
import { writeSampleOutputs, type FigureStyle, type OutputFormat } from './figures.ts';
import { outputStem } from './image-list.ts';
import { readBatchState, removeStaleTemporaries, writeBatchState, type FinishedImage } from './batch-state.ts';
import { progressReporter } from './progress-bar.ts';

/** An image of a chunk, read. */
export interface BatchImage {
  readonly path: string;
  readonly image: RgbaImage;
}

/**
 * Writes sample `i` of a chunk's `attribution` into `out`: the picture as read, its map files (named
 * `<stem>.<label>`), and returns its gallery entry captioned with `what` and its score.
 */
export async function writeFinished(
  out: string,
  { path, image }: BatchImage,
  i: number,
  attribution: Attribution,
  label: string,
  what: string,
  figures: { readonly format: readonly OutputFormat[] } & FigureStyle,
  region?: PixelRect,
): Promise<FinishedImage> {
  const stem = outputStem(path);
  await writePng(join(out, `${stem}.image.png`), image);
  const written = await writeSampleOutputs(out, `${stem}.${label}`, attribution, i, image, figures.format, figures, region);
  return {
    image: path,
    outputs: [`${stem}.image.png`, ...written.map((w) => w.slice(out.length + 1))],
    caption: `${basename(path)}: ${what}, score ${(attribution.meta.scores[i] ?? 0).toFixed(3)}`,
  };
}

/** What {@link runBatch} needs from the command. */
export interface BatchRun {
  /** The --out folder (absolute; made by {@link batchFolder}). */
  readonly out: string;
  /** Every image of the run, in gallery order. */
  readonly paths: readonly string[];
  /** The run's settings as JSON: a record written under other settings is not resumed. */
  readonly settings: string;
  /** Images read per chunk. */
  readonly chunkSize: number;
  /** Limits each image is read with. */
  readonly limits: LoadImageOptions;
  /** The gallery's title and the method it names. */
  readonly title: string;
  readonly method: string;
  /** Explains the read images of one chunk and writes their files; `remaining` counts the images left, this chunk's included. */
  explain(images: readonly BatchImage[], remaining: number): Promise<FinishedImage[]>;
}

/** The images of `spec` less this command's own outputs in `out` (skipped ones printed); makes `out`. Throws when there are none. */
export async function batchFolder(spec: string, out: string, print: (line: string) => void): Promise<string[]> {
  const { paths, skipped } = await batchInputs(spec, out);
  if (skipped.length > 0) print(`skipping ${skipped.length} file(s) in the --images folder that are outputs of saliency batch`);
  if (paths.length === 0) throw new Error(`--images: no images found in '${spec}'`);
  await mkdir(out, { recursive: true });
  return paths;
}

/**
 * Explains the images of `run` not yet in its record, chunk by chunk, and writes the gallery;
 * returns its path. Throws at the end, after the gallery is written, when some images could not be read.
 */
export async function runBatch(run: BatchRun, print: (line: string) => void): Promise<string> {
  const { out, paths, settings } = run;
  await removeStaleTemporaries(out);
  const finished = new Map((await readBatchState(out, settings)).map((f) => [f.image, f] as const));
  const todo = paths.filter((p) => !finished.has(p));
  if (finished.size > 0) print(`resuming: ${finished.size} of ${paths.length} images already done in ${out}`);
  const failed: FailedImage[] = [];
  const progress = progressReporter(paths.length, 'images', finished.size);
  try {
    for (let start = 0; start < todo.length; start += run.chunkSize) {
      const names = todo.slice(start, start + run.chunkSize);
      const read = await Promise.allSettled(names.map((path) => loadImage(path, run.limits)));
      const images: BatchImage[] = [];
      read.forEach((result, i) => {
        const path = names[i] as string;
        if (result.status === 'fulfilled') return void images.push({ path, image: result.value });
        const reason = result.reason instanceof Error ? result.reason.message : String(result.reason);
        failed.push({ image: path, reason });
        print(`skipped: ${reason.includes(path) ? reason : `${path}: ${reason}`}`);
      });
      if (images.length > 0) for (const f of await run.explain(images, todo.length - start)) finished.set(f.image, f);
      await writeBatchState(out, { settings, finished: paths.flatMap((p) => finished.get(p) ?? []) });
      progress.update(finished.size + failed.length);
    }
  } finally {
    progress.stop();
  }
  return finishBatch(out, { title: run.title, method: run.method, paths }, finished, failed, print);
}
