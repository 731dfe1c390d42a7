/**
 * `saliency batch`: many images, batched on the engine, with progress, an HTML gallery, and a
 * resumable record so an interrupted run continues where it stopped.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { RgbaImage } from '../../core/image.ts';
import { writePng } from '../../node/output/png.ts';
import { writeGallery } from '../../node/output/gallery.ts';
import { readBatchState, removeStaleTemporaries, writeBatchState, type FinishedImage } from '../batch-state.ts';
import { methodCall, type MethodArgs } from '../explain-request.ts';
import { writeSampleOutputs, type FigureStyle, type OutputFormat } from '../figures.ts';
import { listImages, outputStem } from '../image-list.ts';
import { progressReporter } from '../progress-bar.ts';
import { describeClass, openSession, readImages, toInput, type Session, type SessionOptions } from '../session.ts';

/** Options of {@link batchCommand}. */
export interface BatchArgs extends SessionOptions, MethodArgs, FigureStyle {
  readonly images: string;
  readonly target?: number;
  readonly out: string;
  readonly format: readonly OutputFormat[];
  readonly batchSize: number;
}

/** Explains every image, writes its files and the gallery; returns the gallery path. */
export async function batchCommand(args: BatchArgs, print: (line: string) => void): Promise<string> {
  const call = methodCall(args);
  const paths = await listImages(args.images);
  if (paths.length === 0) throw new Error(`--images: no images found in '${args.images}'`);
  const out = resolve(args.out);
  await mkdir(out, { recursive: true });
  const settings = JSON.stringify({ model: resolve(args.model), method: call.label, target: args.target ?? null, options: call.options(args.target), formats: args.format, preprocess: args.preprocess ?? null });
  await removeStaleTemporaries(out);
  const finished = new Map((await readBatchState(out, settings)).map((f) => [f.image, f] as const));
  const todo = paths.filter((p) => !finished.has(p));
  if (finished.size > 0) print(`resuming: ${finished.size} of ${paths.length} images already done in ${out}`);
  const session = await openSession(args);
  const progress = progressReporter(paths.length, 'images', finished.size);
  try {
    for (let start = 0; start < todo.length; start += args.batchSize) {
      const chunk = todo.slice(start, start + args.batchSize);
      const done = await explainChunk(session, call, chunk, out, args);
      done.forEach((f) => finished.set(f.image, f));
      await writeBatchState(out, { settings, finished: paths.flatMap((p) => finished.get(p) ?? []) });
      progress.update(finished.size);
    }
  } finally {
    progress.stop();
  }
  const page = join(out, 'index.html');
  await writeGallery(page, {
    title: `Saliency: ${call.label} on ${args.model}`,
    text: `${paths.length} images; method ${call.definition.title}.`,
    sections: paths.map((p) => {
      const f = finished.get(p) as FinishedImage;
      return { title: f.caption, figures: f.outputs.filter((o) => o.endsWith('.png')).map((src) => ({ src, caption: src })) };
    }),
  });
  print(`wrote ${page}`);
  return page;
}

async function explainChunk(
  session: Session,
  call: ReturnType<typeof methodCall>,
  chunk: readonly string[],
  out: string,
  args: BatchArgs,
): Promise<FinishedImage[]> {
  const images = await readImages(chunk, session);
  const input = toInput(session, images);
  try {
    const attribution = await call.definition.run(session.adapter, input, call.options(args.target));
    const finished: FinishedImage[] = [];
    for (const [i, path] of chunk.entries()) {
      const stem = outputStem(path);
      const image = images[i] as RgbaImage;
      await writePng(join(out, `${stem}.image.png`), image);
      const written = await writeSampleOutputs(out, `${stem}.${call.label}`, attribution, i, image, args.format, args);
      const unit = attribution.meta.units?.[i] ?? args.target;
      const what = unit === undefined ? attribution.meta.target : describeClass(session, unit);
      finished.push({
        image: path,
        outputs: [`${stem}.image.png`, ...written.map((w) => w.slice(out.length + 1))],
        caption: `${path.split('/').pop()}: ${what}, score ${(attribution.meta.scores[i] ?? 0).toFixed(3)}`,
      });
    }
    return finished;
  } finally {
    input.dispose();
  }
}
