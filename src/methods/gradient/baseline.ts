/**
 * Baselines of the path methods: the reference input x' the path starts from, per model input.
 * Users give 'zeros', a constant, 'blur' (the input blurred), or arrays/tensors per input.
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError, check } from '../../core/errors.ts';
import type { ExplainContext } from '../../core/explain.ts';
import type { InputValue } from '../../core/input.ts';
import { rejectOption } from '../options.ts';
import { option } from '../schema.ts';
import { isInputValue, isOneOrList } from '../shared-options.ts';
import { blurRows } from './gaussian-blur.ts';

/**
 * A baseline: 'zeros'; 'blur' (each sample Gaussian-blurred over its spatial axes); a number (a
 * constant input); or values per model input (one value for single-input models), each shaped like
 * one sample, [1, ...sample] or [N, ...sample].
 */
export type Baseline = 'zeros' | 'blur' | number | InputValue | readonly InputValue[];

function isBaseline(value: unknown): value is Baseline {
  return value === 'zeros' || value === 'blur' || (typeof value === 'number' && Number.isFinite(value)) || isOneOrList(value, isInputValue);
}

/** The `baseline` option of a path method (a {@link Baseline}); in text 'zeros', 'blur' or a number. Default 'zeros'. */
export const baselineOption = option.custom<Baseline, 'zeros'>({
  doc: "The path's start: 'zeros', 'blur' (the input blurred by blurSigma) or a number (a constant input).",
  default: 'zeros',
  form: { kind: 'string' },
  fromText: (text) => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text),
  check: (value, name) => (isBaseline(value) ? value : rejectOption(name, value, "'zeros', 'blur', a number, or a tf.Tensor or {data, shape} per model input")),
});

/** Baseline values per model input, [B, ...sample] each (B >= 1), from a tensor, an array or a list. */
export function baselineBatches(value: InputValue | readonly InputValue[], context: ExplainContext, argument: string): tf.Tensor[] {
  const inputs = context.input.tensors;
  const values: readonly InputValue[] = Array.isArray(value) ? (value as readonly InputValue[]) : [value as InputValue];
  check(values.length === inputs.length, argument, `the model has ${inputs.length} input(s); give one baseline per input, got ${values.length}`);
  return values.map((v, k) => {
    const name = inputs.length > 1 ? `${argument}[${k}]` : argument;
    const sample = (inputs[k] as tf.Tensor).shape.slice(1);
    const tensor = toFloatTensor(v, name);
    const batched = tensor.rank === sample.length ? tf.expandDims(tensor, 0) : tensor;
    const fits = batched.rank === sample.length + 1 && sample.every((d, i) => batched.shape[i + 1] === d) && batched.shape[0] as number >= 1;
    if (!fits) {
      throw new SaliencyError('INPUT_SHAPE', `${name}: expected shape [${sample}], [1, ${sample}] or [B, ${sample}], got [${tensor.shape}]`, name);
    }
    return batched;
  });
}

function toFloatTensor(value: InputValue, name: string): tf.Tensor {
  if (value instanceof tf.Tensor) {
    check(!value.isDisposed, name, 'the tensor was disposed');
    return tf.cast(value, 'float32');
  }
  if (typeof value === 'object' && value !== null && 'data' in value && 'shape' in value) {
    return tf.tensor(value.data, [...value.shape], 'float32');
  }
  throw new SaliencyError('INVALID_ARGUMENT', `${name}: expected 'zeros', 'blur', a number, a tf.Tensor or {data, shape}`, name);
}

/** Baselines shaped like the input batch, one tensor per model input, from a checked {@link Baseline}. Call inside tf.tidy. */
export function resolveBaseline(context: ExplainContext, baseline: Baseline, blurSigma: number): tf.Tensor[] {
  const inputs = context.input.tensors;
  const batch = context.input.batchSize;
  if (baseline === 'zeros') return inputs.map((x) => tf.zerosLike(x));
  if (baseline === 'blur') return inputs.map((x, k) => blurRows(x, new Array<number>(batch).fill(blurSigma), inputs.length > 1 ? `input[${k}]` : 'input'));
  if (typeof baseline === 'number') return inputs.map((x) => tf.fill(x.shape, baseline));
  return baselineBatches(baseline, context, 'baseline').map((b, k) => {
    const count = b.shape[0] as number;
    check(count === 1 || count === batch, 'baseline', `has ${count} samples; give 1 (shared) or ${batch} (one per sample)`);
    return tf.broadcastTo(b, (inputs[k] as tf.Tensor).shape);
  });
}

/** A short description of a baseline for result metadata. */
export function describeBaseline(baseline: Baseline, blurSigma: number): string {
  if (baseline === 'blur') return `blurred input (sigma ${blurSigma})`;
  if (typeof baseline === 'number') return `constant ${baseline}`;
  return typeof baseline === 'string' ? baseline : 'given';
}
