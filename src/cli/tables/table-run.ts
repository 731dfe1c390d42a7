/**
 * The loop `evaluate` and `audit` share: list the images, keep this shard's, and compute each
 * image's rows one image at a time (so an image's numbers never depend on which other images share
 * its shard), writing them to `<name>.rows.json` and the batch record after every image, so an
 * interrupted run resumes where it stopped (the record `batch` uses). Unreadable images are set
 * aside by name; the caller writes the table from the returned results.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { RgbaImage } from '../../core/image.ts';
import { readBatchState, removeStaleTemporaries, writeBatchState, type FinishedImage } from '../batch-state.ts';
import { listImages, outputStem } from '../image-list.ts';
import { progressReporter } from '../progress-bar.ts';
import { writeFileAtomic } from '../../node/output/atomic-write.ts';
import { dataSetOf, shardResults, type FailedImage, type ResultsFile, type TableCommand, type TableRow } from './results-file.ts';
import { describeShard, shardItems, type Shard } from './shard.ts';

/** What a table run needs. */
export interface TableRunSpec<R extends TableRow> {
  readonly command: TableCommand;
  /** Every image of the data set, sorted (from {@link tableImages}). */
  readonly all: readonly string[];
  /** The output folder. */
  readonly out: string;
  readonly shard: Shard;
  /** What is computed and how; a resumed run with other settings starts afresh. */
  readonly settings: ResultsFile['settings'];
  /** Reads an image (a failure sets the image aside). */
  load(path: string): Promise<RgbaImage>;
  /** The rows of one image (a failure stops the run). */
  rows(path: string, image: RgbaImage): Promise<R[]>;
  readonly print: (line: string) => void;
}

async function readRows<R extends TableRow>(out: string, file: string): Promise<R[]> {
  return JSON.parse(await readFile(join(out, file), 'utf8')) as R[];
}

/** The images of `--images` (a folder or a pattern), sorted; an error when there are none. Call before loading the model. */
export async function tableImages(images: string): Promise<string[]> {
  const all = await listImages(images);
  if (all.length === 0) throw new Error(`--images: no images found in '${images}'`);
  return all;
}

/** Runs the loop; resolves to the shard's results (rows of every finished image, in data-set order). */
export async function runTable<R extends TableRow>(spec: TableRunSpec<R>): Promise<ResultsFile<R>> {
  const out = resolve(spec.out);
  const all = spec.all;
  const paths = shardItems(all, spec.shard);
  const shardText = describeShard(spec.shard);
  if (shardText) spec.print(`${shardText}: ${paths.length} of ${all.length} images`);
  await mkdir(out, { recursive: true });
  await removeStaleTemporaries(out);
  const dataSet = dataSetOf(all);
  const record = JSON.stringify({ command: spec.command, settings: spec.settings, dataSet });
  const finished = new Map((await readBatchState(out, record)).map((f) => [f.image, f] as const));
  const done = paths.filter((p) => finished.has(p)).length;
  if (done > 0) spec.print(`resuming: ${done} of ${paths.length} images already done in ${out}`);
  const failed: FailedImage[] = [];
  const progress = progressReporter(paths.length, 'images', done);
  let handled = done;
  try {
    for (const path of paths.filter((p) => !finished.has(p))) {
      const image = await spec.load(path).catch((error: unknown) => {
        failed.push({ image: basename(path), reason: error instanceof Error ? error.message : String(error) });
        spec.print(`skipped: ${basename(path)}: ${failed.at(-1)?.reason}`);
      });
      if (image) {
        const file = `${outputStem(path)}.rows.json`;
        await writeFileAtomic(join(out, file), JSON.stringify(await spec.rows(path, image)));
        const entry: FinishedImage = { image: path, outputs: [file], caption: basename(path) };
        finished.set(path, entry);
        await writeBatchState(out, { settings: record, finished: paths.flatMap((p) => finished.get(p) ?? []) });
      }
      progress.update(++handled);
    }
  } finally {
    progress.stop();
  }
  const rows: R[] = [];
  for (const path of paths) {
    const entry = finished.get(path);
    if (entry) rows.push(...(await readRows<R>(out, entry.outputs[0] as string)));
  }
  return shardResults(spec.command, spec.settings, dataSet, spec.shard, paths.map((p) => basename(p)), rows, failed);
}
