/**
 * `saliency batch`: many images, batched on the engine, with progress, an HTML gallery, and a
 * resumable record so an interrupted run continues where it stopped. An image that cannot be read is
 * reported by name and the others are explained; the run then ends with a summary and exit code 1.
 */
import { resolve } from 'node:path';
import { batchFolder, runBatch, writeFinished, type BatchImage } from '../batch-run.ts';
import type { FinishedImage } from '../batch-state.ts';
import { methodCall, type MethodArgs } from '../explain-request.ts';
import { announceRun } from '../long-run.ts';
import { withinMemoryBudget } from '../memory-budget.ts';
import type { FigureStyle, OutputFormat } from '../figures.ts';
import { ownSizeNote, seenRegion } from '../image-input.ts';
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
  const paths = await batchFolder(args.images, out, print);
  const session = await openSession(args);
  const call = withinMemoryBudget(asked, args.option, session.adapter.model, session.adapter.inputShapes()[0]?.slice(1) ?? [null], print);
  const output = chooseOutput(session, args.output, !call.filterMode);
  const label = `${call.label}${output === undefined ? '' : `.output-${output}`}`;
  const settings = JSON.stringify({
    model: resolve(args.model), method: label, target: args.target ?? null, options: call.options(args.target, output),
    formats: args.format, preprocess: args.preprocess ?? null, size: args.size ?? null,
  });
  const note = ownSizeNote(sessionInput(session), args.size, session.preprocessing);
  if (note) print(note);
  const plan: RunPlan = { session, call, output, label, out, args, print };
  let first = true;
  return runBatch({
    out, paths, settings, chunkSize: args.batchSize, limits: session.imageLimits,
    title: `Saliency: ${label} on ${args.model}`, method: call.definition.title,
    explain: async (images, remaining) => {
      if (first) plan.pendingEstimate = remaining;
      first = false;
      return explainChunk(plan, images);
    },
  }, print);
}

/** Explains the images of a chunk, grouped by input size. */
async function explainChunk(plan: RunPlan, images: readonly BatchImage[]): Promise<FinishedImage[]> {
  const groups = new Map<string, BatchImage[]>();
  for (const read of images) {
    const key = inputSize(plan.session, read.image).join('x');
    groups.set(key, [...(groups.get(key) ?? []), read]);
  }
  const finished: FinishedImage[] = [];
  for (const group of groups.values()) finished.push(...(await explainGroup(plan, group)));
  return finished;
}

/** Explains images of one input size in one engine call and writes their files. */
async function explainGroup(plan: RunPlan, group: readonly BatchImage[]): Promise<FinishedImage[]> {
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
    for (const [i, entry] of group.entries()) {
      const region = seenRegion(entry.image, inputSize(session, entry.image), session.preprocessing);
      const unit = attribution.meta.units?.[i] ?? args.target;
      const what = unit === undefined ? attribution.meta.target : describeClass(session, unit, output);
      finished.push(await writeFinished(out, entry, i, attribution, label, what, args, region));
    }
    return finished;
  } finally {
    input.dispose();
  }
}
