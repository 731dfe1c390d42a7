/**
 * The engine of the perturbation methods: scores perturbed copies of every sample in chunks of at
 * most `perturbationsPerEval` rows per model call, so memory stays bounded however many copies a
 * method asks for. Each copy keeps the unit (class) its original sample explains.
 */
import { downloadInputs, type PreparedInput } from '../../core/input.ts';
import { sizeOf } from '../../core/ndarray.ts';
import { reportProgress, throwIfCancelled, type LongRunningOptions } from '../../core/progress.ts';
import type { ScoringContext } from './scoring.ts';

/** The perturbed copies a method evaluates. */
export interface PerturbationSet {
  /** How many perturbed copies of `sample` there are. */
  count(sample: number): number;
  /**
   * Writes copy `index` of `sample`: `rows[i]` holds the sample's values of model input i and is
   * changed in place; `baselines[i]` holds the sample's baseline values of that input.
   */
  apply(sample: number, index: number, rows: readonly Float32Array[], baselines: readonly Float32Array[]): void;
}

/** The data of the input batch, read once. */
export interface InputData {
  /** Per model input: the shape of one sample. */
  readonly shapes: readonly (readonly number[])[];
  /** Per model input: all samples' values, [N * sampleSize]. */
  readonly values: readonly Float32Array[];
  readonly batchSize: number;
}

/** Scores of the original samples and of every perturbed copy. */
export interface PerturbationScores {
  /** The target score of each original sample. */
  readonly original: Float32Array;
  /** The unit each sample explains, for targets that pick one per sample. */
  readonly units?: readonly number[];
  /** `perturbed[sample][index]`: the score of copy `index` of `sample`. */
  readonly perturbed: readonly Float32Array[];
}

/** Reads the input batch of `context` into plain arrays. */
export async function readInputs(context: { readonly input: PreparedInput }): Promise<InputData> {
  const arrays = await downloadInputs(context.input);
  return { shapes: arrays.map((a) => a.shape.slice(1)), values: arrays.map((a) => a.data), batchSize: context.input.batchSize };
}

/** The values of `sample` in a batch-first array of samples of `size` values. */
export function sampleSlice(values: Float32Array, sample: number, size: number): Float32Array {
  return values.subarray(sample * size, (sample + 1) * size);
}

/** Scores the original samples and every copy of `set`, reporting progress per chunk. */
export async function scorePerturbations(
  context: ScoringContext,
  inputs: InputData,
  baselines: readonly Float32Array[],
  set: PerturbationSet,
  options: LongRunningOptions & { readonly perturbationsPerEval: number },
): Promise<PerturbationScores> {
  const perEval = options.perturbationsPerEval;
  throwIfCancelled(options.signal);
  const { scores: originalScores, units } = await context.scoreSamples(options.signal);
  const original = Float32Array.from(originalScores);
  const sizes = inputs.shapes.map((s) => sizeOf(s));
  const counts = Array.from({ length: inputs.batchSize }, (_, n) => set.count(n));
  const perturbed = counts.map((c) => new Float32Array(c));
  const rows = counts.flatMap((c, sample) => Array.from({ length: c }, (_, index) => [sample, index] as const));
  for (let start = 0; start < rows.length; start += perEval) {
    const chunk = rows.slice(start, start + perEval);
    const buffers = sizes.map((size) => new Float32Array(chunk.length * size));
    chunk.forEach(([sample, index], r) => {
      const views = sizes.map((size, i) => {
        const view = sampleSlice(buffers[i] as Float32Array, r, size);
        view.set(sampleSlice(inputs.values[i] as Float32Array, sample, size));
        return view;
      });
      set.apply(sample, index, views, sizes.map((size, i) => sampleSlice(baselines[i] as Float32Array, sample, size)));
    });
    throwIfCancelled(options.signal);
    const scores = await context.scoreRows(buffers, inputs.shapes, chunk.map(([sample]) => sample), units, options.signal);
    chunk.forEach(([sample, index], r) => ((perturbed[sample] as Float32Array)[index] = scores[r] as number));
    await reportProgress(options, start + chunk.length, rows.length);
  }
  return units ? { original, units, perturbed } : { original, perturbed };
}
