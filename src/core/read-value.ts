/** Reads an option given as a tensor or an {@link NdArray} into a plain array, checking it. */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError, check } from './errors.ts';
import type { InputValue } from './input.ts';
import { sizeOf } from './ndarray.ts';

/** The values and shape of `value` (a copy), or an error naming `argument`. */
export async function readValue(value: InputValue, argument: string): Promise<{ data: Float32Array; shape: number[] }> {
  if (value instanceof tf.Tensor) {
    check(!value.isDisposed, argument, 'the tensor was disposed');
    return { data: Float32Array.from(await value.data()), shape: [...value.shape] };
  }
  if (typeof value === 'object' && value !== null && 'data' in value && 'shape' in value) {
    check(value.data.length === sizeOf(value.shape), argument, `data has ${value.data.length} values but shape [${value.shape}] needs ${sizeOf(value.shape)}`);
    return { data: Float32Array.from(value.data), shape: [...value.shape] };
  }
  throw new SaliencyError('INVALID_ARGUMENT', `${argument}: expected a tf.Tensor or {data, shape}`, argument);
}

/** The entries of an option given either once for a single-input model or as a list, one per input. */
export function perInput<T>(value: T | readonly T[], inputs: number, argument: string): readonly T[] {
  const list: readonly T[] = Array.isArray(value) ? (value as readonly T[]) : Array.from({ length: inputs }, () => value as T);
  check(list.length === inputs, argument, `the model has ${inputs} input(s); give one per input, got ${list.length}`);
  return list;
}

/**
 * Expands values given for one sample (`sample` shape, or without its channel axis: shared by all
 * channels), for one sample with a batch axis of 1, or for each of the `batch` samples, into
 * [batch * sampleSize] values. The error names `argument` and lists the shapes that fit.
 */
export function expandToBatch(
  value: { readonly data: Float32Array; readonly shape: readonly number[] },
  sample: readonly number[],
  batch: number,
  argument: string,
): Float32Array {
  const forms = [{ shape: sample, shared: false }, ...(sample.length > 1 ? [{ shape: sample.slice(0, -1), shared: true }] : [])];
  const candidates = forms.flatMap(({ shape, shared }) => [
    { shape, rows: 1, shared },
    { shape: [1, ...shape], rows: 1, shared },
    { shape: [batch, ...shape], rows: batch, shared },
  ]);
  const match = candidates.find((c) => c.shape.length === value.shape.length && c.shape.every((d, i) => d === value.shape[i]));
  if (!match) {
    const valid = [...new Set(candidates.map((c) => `[${c.shape.join(', ')}]`))].join(', ');
    throw new SaliencyError('INPUT_SHAPE', `${argument}: got shape [${value.shape.join(', ')}]; expected one of ${valid}`, argument);
  }
  const size = sizeOf(sample);
  const channels = match.shared ? (sample[sample.length - 1] as number) : 1;
  const rowSize = size / channels;
  const out = new Float32Array(batch * size);
  for (let n = 0; n < batch; n++) {
    const row = match.rows === 1 ? 0 : n * rowSize;
    for (let p = 0; p < size; p++) out[n * size + p] = value.data[row + Math.floor(p / channels)] as number;
  }
  return out;
}
