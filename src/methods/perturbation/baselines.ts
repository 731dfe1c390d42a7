/**
 * Baselines of the perturbation methods: the values that replace occluded, ablated or masked-out
 * input values, resolved once per call into plain arrays shaped like the input batch.
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError, check } from '../../core/errors.ts';
import type { ExplainContext } from '../../core/explain.ts';
import type { InputValue } from '../../core/input.ts';
import { sizeOf } from '../../core/ndarray.ts';

/**
 * What replaces removed input values: a number for every value, or, per model input (one value
 * for a single-input model), a number or an array/tensor shaped like one sample, [1, ...sample]
 * or [N, ...sample] (one baseline per sample).
 */
export type PerturbationBaseline = number | InputValue | readonly (number | InputValue)[];

/** The default baseline: zeros (Captum's default). */
export const DEFAULT_PERTURBATION_BASELINE = 0;

/** Baseline values per model input, each [N * sampleSize] like the input batch. */
export async function resolveBaselines(
  context: ExplainContext,
  baseline: PerturbationBaseline = DEFAULT_PERTURBATION_BASELINE,
  argument = 'baseline',
): Promise<Float32Array[]> {
  const inputs = context.input.tensors;
  const perInput: readonly (number | InputValue)[] = Array.isArray(baseline)
    ? (baseline as readonly (number | InputValue)[])
    : inputs.map(() => baseline as number | InputValue);
  check(perInput.length === inputs.length, argument, `the model has ${inputs.length} input(s); give one baseline per input, got ${perInput.length}`);
  return Promise.all(perInput.map((value, i) => expandBaseline(value, inputs[i] as tf.Tensor, inputs.length > 1 ? `${argument}[${i}]` : argument)));
}

async function expandBaseline(value: number | InputValue, input: tf.Tensor, argument: string): Promise<Float32Array> {
  const batch = input.shape[0] as number;
  const sample = input.shape.slice(1);
  const size = sizeOf(sample);
  if (typeof value === 'number') {
    check(Number.isFinite(value), argument, `got ${value}; expected a finite number`);
    return new Float32Array(batch * size).fill(value);
  }
  const { data, shape } = await readValue(value, argument);
  const rows = shape.length === sample.length ? 1 : (shape[0] as number);
  const fits = (shape.length === sample.length || shape.length === sample.length + 1) &&
    shape.slice(shape.length - sample.length).every((d, i) => d === sample[i]) && (rows === 1 || rows === batch);
  if (!fits) {
    throw new SaliencyError('INPUT_SHAPE', `${argument}: expected a number or shape [${sample}], [1, ${sample}] or [${batch}, ${sample}], got [${shape}]`, argument);
  }
  if (rows === batch) return data;
  const out = new Float32Array(batch * size);
  for (let n = 0; n < batch; n++) out.set(data, n * size);
  return out;
}

async function readValue(value: InputValue, argument: string): Promise<{ data: Float32Array; shape: number[] }> {
  if (value instanceof tf.Tensor) {
    check(!value.isDisposed, argument, 'the tensor was disposed');
    return { data: Float32Array.from(await value.data()), shape: [...value.shape] };
  }
  if (typeof value === 'object' && value !== null && 'data' in value && 'shape' in value) {
    check(value.data.length === sizeOf(value.shape), argument, `data has ${value.data.length} values but shape [${value.shape}] needs ${sizeOf(value.shape)}`);
    return { data: Float32Array.from(value.data), shape: [...value.shape] };
  }
  throw new SaliencyError('INVALID_ARGUMENT', `${argument}: expected a number, a tf.Tensor or {data, shape}`, argument);
}

/** A short description of a baseline for result metadata. */
export function describeBaseline(baseline: PerturbationBaseline = DEFAULT_PERTURBATION_BASELINE): string {
  return typeof baseline === 'number' ? `constant ${baseline}` : 'given values';
}
