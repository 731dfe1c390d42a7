/**
 * Turning what users pass as input (tensors or plain arrays, with or without the batch axis, one per
 * model input) into float32 batch-first tensors, checked against the model's input shapes, and
 * reading them back as plain arrays.
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError } from './errors.ts';
import type { NdArray } from './ndarray.ts';
import type { ModelAdapter } from './model.ts';

/** One input value: a tensor or an {@link NdArray}. */
export type InputValue = tf.Tensor | NdArray;
/** What methods accept as input: one value, or one per model input for multi-input models. */
export type ModelInput = InputValue | readonly InputValue[];

/** Checked inputs: batch-first float32 tensors (owned by the caller's tidy scope). */
export interface PreparedInput {
  readonly tensors: tf.Tensor[];
  readonly batchSize: number;
  /** True when the user gave samples without the batch axis (one was added). */
  readonly batchAdded: boolean;
}

function isNdArray(value: unknown): value is NdArray {
  return typeof value === 'object' && value !== null && 'data' in value && 'shape' in value && !(value instanceof tf.Tensor);
}

function toTensor(value: InputValue, argument: string): tf.Tensor {
  if (value instanceof tf.Tensor) {
    if (value.isDisposed) throw new SaliencyError('INVALID_ARGUMENT', `${argument}: the tensor was disposed`, argument);
    return value.dtype === 'float32' ? value : tf.cast(value, 'float32');
  }
  if (isNdArray(value)) return tf.tensor(value.data, [...value.shape], 'float32');
  throw new SaliencyError('INVALID_ARGUMENT', `${argument}: expected a tf.Tensor or {data, shape}`, argument);
}

function formatShape(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'any' : d)).join(', ')}]`;
}

/** What {@link prepareInput} checks an input against: a {@link ModelAdapter}, or a function model's declared shapes. */
export type InputShapeSource = Pick<ModelAdapter, 'inputShapes' | 'inputNames'>;

/** How {@link prepareInput} checks values. */
export interface PrepareInputOptions {
  /** Accept NaN and ±Infinity in the input (they make every map NaN or zero). Default false: refused. */
  readonly allowNonFinite?: boolean;
}

/**
 * Validates and converts `input` for `adapter`'s model: shapes against the model's inputs and, unless
 * `allowNonFinite`, every value finite (the error names the argument and the first NaN or Infinity).
 */
export function prepareInput(adapter: InputShapeSource, input: ModelInput, argument = 'input', options: PrepareInputOptions = {}): PreparedInput {
  let prepared: PreparedInput | undefined;
  const tensors = tf.tidy(() => {
    prepared = prepareTensors(adapter, input, argument);
    if (!options.allowNonFinite) prepared.tensors.forEach((t, i) => refuseNonFinite(t, prepared?.tensors.length === 1 ? argument : `${argument}[${i}]`));
    return prepared.tensors;
  });
  return { ...(prepared as PreparedInput), tensors };
}

/** Throws when `t` holds a NaN or an Infinity, naming the first one's position. Call inside tf.tidy. */
function refuseNonFinite(t: tf.Tensor, name: string): void {
  if (tf.all(tf.isFinite(t)).dataSync()[0]) return;
  const data = t.dataSync() as Float32Array;
  const flat = data.findIndex((v) => !Number.isFinite(v));
  const position: number[] = [];
  let rest = flat;
  for (let axis = t.rank - 1; axis >= 0; axis--) {
    const d = t.shape[axis] as number;
    position.unshift(rest % d);
    rest = Math.floor(rest / d);
  }
  const bad = data.reduce((n, v) => (Number.isFinite(v) ? n : n + 1), 0);
  throw new SaliencyError(
    'INVALID_ARGUMENT',
    `${name}: every value must be finite, but [${position.join(', ')}] (batch first) is ${String(data[flat])}` +
      ` (${bad} of ${data.length} values are NaN or Infinity); NaN makes every map NaN and Infinity every map zero. ` +
      `Fix the input, or pass allowNonFinite: true to explain it anyway`,
    name,
  );
}

function prepareTensors(adapter: InputShapeSource, input: ModelInput, argument: string): PreparedInput {
  const expected = adapter.inputShapes();
  const values: readonly InputValue[] = Array.isArray(input) ? (input as readonly InputValue[]) : [input as InputValue];
  if (values.length !== expected.length) {
    throw new SaliencyError(
      'INPUT_SHAPE',
      `${argument}: the model has ${expected.length} input(s) (${adapter.inputNames().join(', ')}), got ${values.length}`,
      argument,
    );
  }
  const raw = values.map((v, i) => toTensor(v, expected.length > 1 ? `${argument}[${i}]` : argument));
  const batchAdded = raw.every((t, i) => t.rank === (expected[i] as (number | null)[]).length - 1);
  const tensors = raw.map((t, i) => {
    const name = expected.length > 1 ? `${argument}[${i}]` : argument;
    const shape = expected[i] as (number | null)[];
    const batched = batchAdded ? tf.expandDims(t, 0) : t;
    const fits =
      batched.rank === shape.length && shape.every((d, axis) => axis === 0 || d === null || d === batched.shape[axis]);
    if (!fits) {
      throw new SaliencyError(
        'INPUT_SHAPE',
        `${name}: expected shape ${formatShape(shape)} (batch first; the batch axis may be left out), got [${t.shape.join(', ')}]`,
        name,
      );
    }
    return batched;
  });
  const batchSize = (tensors[0] as tf.Tensor).shape[0] as number;
  if (batchSize === 0 || tensors.some((t) => t.shape[0] !== batchSize)) {
    throw new SaliencyError(
      'INPUT_SHAPE',
      `${argument}: every input needs the same non-zero batch size, got ${tensors.map((t) => t.shape[0]).join(', ')}`,
      argument,
    );
  }
  return { tensors, batchSize, batchAdded };
}

/** The prepared input as plain arrays (batch first, float32 copies); the tensors stay as they are. */
export async function downloadInputs(input: PreparedInput): Promise<NdArray[]> {
  return Promise.all(input.tensors.map(async (t) => ({ data: Float32Array.from(await t.data()), shape: [...t.shape] })));
}

/** {@link prepareInput}'s result and the tensors it made (not the caller's own), which the caller disposes when done. */
export function prepareOwnedInput(adapter: InputShapeSource, input: ModelInput, options: PrepareInputOptions = {}): { readonly prepared: PreparedInput; readonly owned: readonly tf.Tensor[] } {
  const given = new Set((Array.isArray(input) ? input : [input]).filter((v): v is tf.Tensor => v instanceof tf.Tensor));
  const prepared = prepareInput(adapter, input, 'input', options.allowNonFinite ? { allowNonFinite: true } : {});
  return { prepared, owned: prepared.tensors.filter((t) => !given.has(t)) };
}
