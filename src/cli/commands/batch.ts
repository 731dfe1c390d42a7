/**
 * `saliency batch`: many images, batched on the engine, with progress, an HTML gallery, and a
 * resumable record so an interrupted run continues where it stopped. An image that cannot be read is
 * reported by name and the others are explained; the run then ends with a summary and exit code 1.
 */
import { mkdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { RgbaImage } from '../../core/image.ts';
import { loadImage } from '../../node/images.ts';
import { writePng } from '../../node/output/png.ts';
import { batchInputs } from '../batch-inputs.ts';
import { finishBatch, type FailedImage } from '../batch-gallery.ts';
import { readBatchState, removeStaleTemporaries, writeBatchState, type FinishedImage } from '../batch-state.ts';
import { methodCall, type MethodArgs } from '../explain-request.ts';
import { announceRun } from '../long-run.ts';
import { withinMemoryBudget } from '../memory-budget.ts';
import { writeSampleOutputs, type FigureStyle, type OutputFormat } from '../figures.ts';
import { ownSizeNote, seenRegion } from '../image-input.ts';
import { outputStem } from '../image-list.ts';
import { progressReporter } from '../progress-bar.ts';
import { chooseOutput, describeClass, inputSize, openSession, sessionInput, toInput, type Session, type SessionOptions } from '../session.ts';
import { isOnnxPath } from '../../node/models/load-onnx-model.ts';
import { batchOnnxCommand } from './batch-onnx.ts';

/** Options of {@link batchCommand}. */
export interface BatchArgs extends SessionOptions, MethodArgs, FigureStyle {
  readonly images: string;
  readonly target?: number;
  readonly out: string;
  readonly format: readonly OutputFormat[];
  readonly batchSize: number;
  /** `--output`: the output to explain (index or name), required when the model has several. */
  readonly output?: string;
}

/** What one chunk gave: finished images and images that could not be read. */
interface ChunkResult {
  readonly finished: FinishedImage[];
  readonly failed: FailedImage[];
}

/** How the images of a run are explained. */
interface RunPlan {
  readonly session: Session;
  readonly call: ReturnType<typeof methodCall>;
  readonly output: number | undefined;
  readonly label: string;
  readonly out: string;
  readonly args: BatchArgs;
  /** Images still to explain, until the first group has printed the run's estimate (then undefined). */
  pendingEstimate?: number;
  readonly print: (line: string) => void;
}

/**
 * Explains every image, writes its files and the gallery; returns the gallery path. Throws at the
 * end, after the gallery is written, when some images could not be read.
 */
export async function batchCommand(args: BatchArgs, print: (line: string) => void): Promise<string> {
  if (isOnnxPath(args.model)) return batchOnnxCommand(args, print);
  const asked = methodCall(args);
  const out = resolve(args.out);
  const { paths, skipped } = await batchInputs(args.images, out);
  if (skipped.length > 0) print(`skipping ${skipped.length} file(s) in the --images folder that are outputs of saliency batch`);
  if (paths.length === 0) throw new Error(`--images: no images found in '${args.images}'`);
  await mkdir(out, { recursive: true });
  const session = await openSession(args);
  const call = withinMemoryBudget(asked, args.option, session.adapter.model, session.adapter.inputShapes()[0]?.slice(1) ?? [null], print);
  const output = chooseOutput(session, args.output, !call.filterMode);
  const label = `${call.label}${output === undefined ? '' : `.output-${output}`}`;
  const settings = JSON.stringify({
    model: resolve(args.model), method: label, target: args.target ?? null, options: call.options(args.target, output),
    formats: args.format, preprocess: args.preprocess ?? null, size: args.size ?? null,
  });
  await removeStaleTemporaries(out);
  const finished = new Map((await readBatchState(out, settings)).map((f) => [f.image, f] as const));
  const todo = paths.filter((p) => !finished.has(p));
  if (finished.size > 0) print(`resuming: ${finished.size} of ${paths.length} images already done in ${out}`);
  const note = ownSizeNote(sessionInput(session), args.size, session.preprocessing);
  if (note) print(note);
  const plan: RunPlan = { session, call, output, label, out, args, pendingEstimate: todo.length, print };
  const failed: FailedImage[] = [];
  const progress = progressReporter(paths.length, 'images', finished.size);
  try {
    for (let start = 0; start < todo.length; start += args.batchSize) {
      const result = await explainChunk(plan, todo.slice(start, start + args.batchSize));
      result.finished.forEach((f) => finished.set(f.image, f));
      result.failed.forEach((f) => print(`skipped: ${f.reason.includes(f.image) ? f.reason : `${f.image}: ${f.reason}`}`));
      failed.push(...result.failed);
      await writeBatchState(out, { settings, finished: paths.flatMap((p) => finished.get(p) ?? []) });
      progress.update(finished.size + failed.length);
    }
  } finally {
    progress.stop();
  }
  return finishBatch(out, { title: `Saliency: ${label} on ${args.model}`, method: call.definition.title, paths }, finished, failed, print);
}

/** Reads a chunk (an unreadable image is set aside), then explains its images, grouped by input size. */
async function explainChunk(plan: RunPlan, chunk: readonly string[]): Promise<ChunkResult> {
  const read = await Promise.allSettled(chunk.map((path) => loadImage(path, plan.session.imageLimits)));
  const failed: FailedImage[] = [];
  const groups = new Map<string, { path: string; image: RgbaImage }[]>();
  read.forEach((result, i) => {
    const path = chunk[i] as string;
    if (result.status === 'rejected') {
      failed.push({ image: path, reason: result.reason instanceof Error ? result.reason.message : String(result.reason) });
      return;
    }
    const key = inputSize(plan.session, result.value).join('x');
    groups.set(key, [...(groups.get(key) ?? []), { path, image: result.value }]);
  });
  const finished: FinishedImage[] = [];
  for (const group of groups.values()) finished.push(...(await explainGroup(plan, group)));
  return { finished, failed };
}

/** Explains images of one input size in one engine call and writes their files. */
async function explainGroup(plan: RunPlan, group: readonly { path: string; image: RgbaImage }[]): Promise<FinishedImage[]> {
  const { session, call, output, label, out, args } = plan;
  const input = toInput(session, group.map((g) => g.image));
  try {
    if (plan.pendingEstimate !== undefined) {
      const run = { model: session.adapter, input, sampleShapes: [input.shape.slice(1)], samples: input.shape[0], totalSamples: plan.pendingEstimate };
      plan.pendingEstimate = undefined;
      await announceRun(call.definition, run, call.options(args.target, output), plan.print);
    }
    const attribution = await call.definition.run(session.adapter, input, call.options(args.target, output));
    const finished: FinishedImage[] = [];
    for (const [i, { path, image }] of group.entries()) {
      const stem = outputStem(path);
      const region = seenRegion(image, inputSize(session, image), session.preprocessing);
      await writePng(join(out, `${stem}.image.png`), image);
      const written = await writeSampleOutputs(out, `${stem}.${label}`, attribution, i, image, args.format, args, region);
      const unit = attribution.meta.units?.[i] ?? args.target;
      const what = unit === undefined ? attribution.meta.target : describeClass(session, unit, output);
      finished.push({
        image: path,
        outputs: [`${stem}.image.png`, ...written.map((w) => w.slice(out.length + 1))],
        caption: `${basename(path)}: ${what}, score ${(attribution.meta.scores[i] ?? 0).toFixed(3)}`,
      });
    }
    return finished;
  } finally {
    input.dispose();
  }
}
