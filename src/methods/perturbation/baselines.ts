/**
 * Baselines of the perturbation methods: the values that replace occluded, ablated or masked-out
 * input values, resolved once per call into plain arrays shaped like the input batch.
 */
import type * as tf from '@tensorflow/tfjs';
import { check } from '../../core/errors.ts';
import type { InputValue, PreparedInput } from '../../core/input.ts';
import { sizeOf } from '../../core/ndarray.ts';
import { expandToBatch, perInput, readValue } from '../../core/read-value.ts';
import { rejectOption, type OptionForm } from '../options.ts';
import { option } from '../schema.ts';
import { isInputValue, isOneOrList } from '../shared-options.ts';

/**
 * What replaces removed input values: a number for every value, or, per model input (one value
 * for a single-input model), a number or an array/tensor shaped like one sample, [1, ...sample]
 * or [N, ...sample] (one baseline per sample); each of these may leave out the channel axis (the
 * same value for every channel).
 */
export type PerturbationBaseline = number | InputValue | readonly (number | InputValue)[];

const BASELINE_FORM: OptionForm = { kind: 'number' };
const isFiniteNumber = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value);

/** The `baseline` option of a perturbation method (a {@link PerturbationBaseline}); in text a number. Default 0 (Captum's). */
export const perturbationBaselineOption = option.custom<PerturbationBaseline, 0>({
  doc: 'The value that replaces removed input values.',
  default: 0,
  form: BASELINE_FORM,
  check: (value, name) =>
    isOneOrList(value, (v) => isFiniteNumber(v) || isInputValue(v))
      ? (value as PerturbationBaseline)
      : rejectOption(name, value, 'a number, or a tf.Tensor or {data, shape} (or a list of these, one per model input)'),
});

/** Baseline values per model input, each [N * sampleSize] like the input batch, from a checked baseline. */
export async function resolveBaselines(context: { readonly input: PreparedInput }, baseline: PerturbationBaseline, argument = 'baseline'): Promise<Float32Array[]> {
  const inputs = context.input.tensors;
  return Promise.all(perInput<number | InputValue>(baseline, inputs.length, argument).map((value, i) => expandBaseline(value, inputs[i] as tf.Tensor, inputs.length > 1 ? `${argument}[${i}]` : argument)));
}

async function expandBaseline(value: number | InputValue, input: tf.Tensor, argument: string): Promise<Float32Array> {
  const batch = input.shape[0] as number;
  const sample = input.shape.slice(1);
  if (typeof value === 'number') {
    check(Number.isFinite(value), argument, `got ${value}; expected a finite number`);
    return new Float32Array(batch * sizeOf(sample)).fill(value);
  }
  return expandToBatch(await readValue(value, argument), sample, batch, argument);
}

/** A short description of a baseline for result metadata. */
export function describeBaseline(baseline: PerturbationBaseline): string {
  return typeof baseline === 'number' ? `constant ${baseline}` : 'given values';
}
