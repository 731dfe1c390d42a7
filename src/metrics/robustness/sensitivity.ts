/**
 * The shared loop of the robustness metrics: explain `samples` noisy copies x + d_k of every sample
 * (the same seeded noise d_k for every sample, so a batch equals its samples run alone), each for its
 * sample's unit, and hand each map to a per-sample reducer with its noise.
 */
import { defineSchema, option } from '../../methods/schema.ts';
import type { MetricContext } from '../context.ts';
import { samplesOf } from '../layout.ts';
import { batchSizeOption, seedOption } from '../options.ts';
import { explainRowsInChunks } from '../rows.ts';

/** The options of the robustness metrics; `spread` is the noise's radius or standard deviation. */
export function robustnessSchema(spread: { readonly default: number; readonly doc: string }, samples: number) {
  return defineSchema({
    /** Noisy copies per sample. */
    samples: option.integer({ default: samples, min: 1, max: 10000, doc: 'Noisy copies of each sample explained.' }),
    /** The noise's size. */
    spread: option.number({ default: spread.default, min: 0, max: 1e6, doc: spread.doc }),
    /** Seed of the noise. Default 0. */
    seed: seedOption('Seed of the noise.'),
    /** Noisy copies explained per call of the explainer. Default 64. */
    batchSize: batchSizeOption,
  });
}

/** ||v||_2 (the Frobenius norm of a map). */
export function norm(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] as number) ** 2;
  return Math.sqrt(sum);
}

/** ||a - b||_2. */
export function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += ((a[i] as number) - (b[i] as number)) ** 2;
  return Math.sqrt(sum);
}

/**
 * Explains `count` noisy copies of every sample; `noise(k)` is copy k's noise (the size of one
 * sample), `measure(original, perturbed, noise)` one copy's number. Returns per sample the numbers
 * of its copies.
 */
export async function noisyExplanations(
  context: MetricContext,
  count: number,
  batchSize: number,
  noise: (k: number) => Float32Array,
  measure: (original: Float32Array, perturbed: Float32Array, noise: Float32Array) => number,
): Promise<Float64Array[]> {
  const { layout, inputs } = context;
  const original = await context.maps();
  const size = original.data.length / inputs.batchSize;
  const samples = samplesOf(inputs.values[0] as Float32Array, layout, inputs.batchSize);
  const noises = Array.from({ length: count }, (_, k) => noise(k));
  const out = samples.map(() => new Float64Array(count));
  await explainRowsInChunks(
    context,
    context.model as NonNullable<MetricContext['model']>,
    samples.map(() => count),
    (sample, k, row) => {
      const x = samples[sample] as Float32Array;
      const d = noises[k] as Float32Array;
      for (let i = 0; i < row.length; i++) row[i] = (x[i] as number) + (d[i] as number);
    },
    batchSize,
    (sample, k, map) => {
      (out[sample] as Float64Array)[k] = measure(original.data.subarray(sample * size, (sample + 1) * size), map, noises[k] as Float32Array);
    },
  );
  return out;
}
