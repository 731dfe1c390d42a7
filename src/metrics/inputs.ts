/**
 * The input samples a metric reads, as plain arrays: checked against a TF.js model's input shapes
 * (core/input.ts), against a function model's declared shapes, or, for metrics that never run a
 * model, taken as given (batch first); and the rows of derived inputs handed to an explainer.
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError } from '../core/errors.ts';
import { isFunctionModel } from '../core/function-model.ts';
import { downloadInputs, prepareInput, type InputValue, type ModelInput } from '../core/input.ts';
import { adaptModel } from '../core/model.ts';
import { sizeOf, type NdArray } from '../core/ndarray.ts';
import type { InputData } from '../methods/perturbation/evaluate.ts';
import type { MetricModel } from './sources.ts';

/** Reads `input` for `model` (null: a metric that only reads maps) into plain batch-first arrays. */
export async function readMetricInputs(model: MetricModel | null, input: ModelInput): Promise<InputData> {
  if (model !== null && !isFunctionModel(model)) {
    const adapter = adaptModel(model);
    const given = new Set(listOf(input).filter((v): v is tf.Tensor => v instanceof tf.Tensor));
    const prepared = prepareInput(adapter, input, 'input', { allowNonFinite: true });
    try {
      return fromArrays(await downloadInputs(prepared));
    } finally {
      prepared.tensors.filter((t) => !given.has(t)).forEach((t) => t.dispose());
    }
  }
  const arrays = await Promise.all(listOf(input).map(async (value, i) => toArray(value, listOf(input).length > 1 ? `input[${i}]` : 'input')));
  if (model === null) return fromArrays(arrays);
  const expected = model.inputShapes;
  if (arrays.length !== expected.length) {
    throw new SaliencyError('INPUT_SHAPE', `input: ${model.name} has ${expected.length} input(s), got ${arrays.length}`, 'input');
  }
  const batched = arrays.map((array, i) => {
    const shape = expected[i] as readonly number[];
    const name = arrays.length > 1 ? `input[${i}]` : 'input';
    const withBatch = array.shape.length === shape.length ? { data: array.data, shape: [1, ...array.shape] } : array;
    const fits = withBatch.shape.length === shape.length + 1 && shape.every((d, axis) => withBatch.shape[axis + 1] === d);
    if (!fits) throw new SaliencyError('INPUT_SHAPE', `${name}: expected shape [batch, ${shape.join(', ')}] (the batch axis may be left out), got [${array.shape.join(', ')}]`, name);
    return withBatch;
  });
  return fromArrays(batched);
}

function listOf(input: ModelInput): readonly InputValue[] {
  return Array.isArray(input) ? (input as readonly InputValue[]) : [input as InputValue];
}

async function toArray(value: InputValue, name: string): Promise<NdArray> {
  if (value instanceof tf.Tensor) {
    if (value.isDisposed) throw new SaliencyError('INVALID_ARGUMENT', `${name}: the tensor was disposed`, name);
    return { data: Float32Array.from(await value.data()), shape: [...value.shape] };
  }
  if (typeof value === 'object' && value !== null && value.data !== undefined && Array.isArray(value.shape) && value.data.length === sizeOf(value.shape)) {
    return { data: Float32Array.from(value.data), shape: [...value.shape] };
  }
  throw new SaliencyError('INVALID_ARGUMENT', `${name}: expected a tf.Tensor or {data, shape} with data.length equal to the shape's size`, name);
}

function fromArrays(arrays: readonly NdArray[]): InputData {
  const batchSize = arrays[0]?.shape[0] ?? 0;
  if (batchSize === 0 || arrays.some((a) => a.shape[0] !== batchSize)) {
    throw new SaliencyError('INPUT_SHAPE', `input: every input needs the same non-zero batch size (batch first), got ${arrays.map((a) => a.shape[0]).join(', ')}`, 'input');
  }
  return { shapes: arrays.map((a) => a.shape.slice(1)), values: arrays.map((a) => a.data), batchSize };
}

/** The input samples as a model input (one NdArray per input). */
export function inputsOf(inputs: InputData): ModelInput {
  const arrays = inputs.values.map((data, i) => ({ data, shape: [inputs.batchSize, ...(inputs.shapes[i] as number[])] }));
  return arrays.length === 1 ? (arrays[0] as NdArray) : arrays;
}

/** Rows of the first input with the other inputs copied from each row's sample. */
export function rowInputs(inputs: InputData, rows: Float32Array, sampleOfRow: readonly number[]): ModelInput {
  const first: NdArray = { data: rows, shape: [sampleOfRow.length, ...(inputs.shapes[0] as number[])] };
  if (inputs.values.length === 1) return first;
  return [
    first,
    ...inputs.values.slice(1).map((values, k) => {
      const shape = inputs.shapes[k + 1] as number[];
      const size = sizeOf(shape);
      const data = new Float32Array(sampleOfRow.length * size);
      sampleOfRow.forEach((s, r) => data.set(values.subarray(s * size, (s + 1) * size), r * size));
      return { data, shape: [sampleOfRow.length, ...shape] };
    }),
  ];
}
