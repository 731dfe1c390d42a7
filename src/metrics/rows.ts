/**
 * The batching every model-running metric shares: derived rows of every sample (perturbed, imputed
 * or noisy copies of the first input) are written into buffers of at most `batchSize` rows and
 * scored, or explained, one buffer per model call, with progress and cancellation per buffer.
 */
import type { NdArray } from '../core/ndarray.ts';
import type { MetricContext } from './context.ts';
import { copyPixels } from './layout.ts';
import type { MetricModel } from './sources.ts';

/** Writes row `index` of `sample` into `row` (the sample's size of the first input; its content is undefined on entry). */
export type RowWriter = (sample: number, index: number, row: Float32Array) => void;

/** The (sample, index) pairs of `counts[s]` rows per sample, sample by sample. */
function rowList(counts: readonly number[]): (readonly [number, number])[] {
  return counts.flatMap((count, sample) => Array.from({ length: count }, (_, index) => [sample, index] as const));
}

/** Where a loop's rows sit in a longer run (MPRT's layers): rows done before it and rows in all (0: this loop's own). */
export interface ProgressPhase {
  readonly done: number;
  readonly total: number;
}

/** Runs `handle` over buffers of at most `batchSize` rows written by `write`. */
async function inChunks(
  context: MetricContext,
  counts: readonly number[],
  write: RowWriter,
  batchSize: number,
  handle: (rows: Float32Array, chunk: readonly (readonly [number, number])[]) => Promise<void>,
  phase: ProgressPhase = { done: 0, total: 0 },
): Promise<void> {
  const size = context.layout.size;
  const list = rowList(counts);
  for (let start = 0; start < list.length; start += batchSize) {
    const chunk = list.slice(start, start + batchSize);
    const rows = new Float32Array(chunk.length * size);
    chunk.forEach(([sample, index], r) => write(sample, index, rows.subarray(r * size, (r + 1) * size)));
    await handle(rows, chunk);
    context.count(chunk.length);
    await context.progress(phase.done + start + chunk.length, phase.total || list.length);
  }
}

/** Scores `counts[s]` rows per sample s; returns per sample the scores of its rows in index order. */
export async function scoreRowsInChunks(context: MetricContext, counts: readonly number[], write: RowWriter, batchSize: number): Promise<Float32Array[]> {
  const scorer = await context.scorer();
  const out = counts.map((count) => new Float32Array(count));
  await inChunks(context, counts, write, batchSize, async (rows, chunk) => {
    const scores = await scorer.score(rows, chunk.map(([sample]) => sample));
    chunk.forEach(([sample, index], r) => ((out[sample] as Float32Array)[index] = scores[r] as number));
  });
  return out;
}

/**
 * Explains `counts[s]` rows per sample s on `model` (each for its sample's unit); `take` receives
 * each row's map of the first input (a view, valid during the call).
 */
export async function explainRowsInChunks(
  context: MetricContext,
  model: MetricModel,
  counts: readonly number[],
  write: RowWriter,
  batchSize: number,
  take: (sample: number, index: number, map: Float32Array) => void,
  phase?: ProgressPhase,
): Promise<void> {
  await inChunks(context, counts, write, batchSize, async (rows, chunk) => {
    const maps: NdArray = await context.explain(model, rows, chunk.map(([sample]) => sample));
    const size = maps.data.length / chunk.length;
    chunk.forEach(([sample, index], r) => take(sample, index, maps.data.subarray(r * size, (r + 1) * size)));
  }, phase);
}

/** What {@link scoreReplacements} takes. */
export interface Replacements {
  /** Per sample, the values each row starts from. */
  readonly start: readonly Float32Array[];
  /** Per sample, the values replaced pixels take. */
  readonly fill: readonly Float32Array[];
  /** Per sample, how many rows. */
  readonly counts: readonly number[];
  /** The pixel groups replaced in row `index` of `sample`. */
  groups(sample: number, index: number): Iterable<Int32Array>;
  readonly batchSize: number;
}

/**
 * Scores rows that start from `start` with the pixels of `groups(sample, index)` (every channel)
 * taken from `fill`: what deletion, insertion, monotonicity, faithfulness correlation and
 * non-sensitivity evaluate.
 */
export function scoreReplacements(context: MetricContext, replacements: Replacements): Promise<Float32Array[]> {
  const { start, fill, counts, batchSize } = replacements;
  const channels = context.layout.channels;
  return scoreRowsInChunks(
    context,
    counts,
    (sample, index, row) => {
      row.set(start[sample] as Float32Array);
      for (const pixels of replacements.groups(sample, index)) copyPixels(row, fill[sample] as Float32Array, pixels, channels);
    },
    batchSize,
  );
}
