/**
 * Option declarations several methods share: the grad modifier (a name, null or a function) and
 * values given as tensors or arrays (baselines, masks), whose shapes the methods check later
 * against the input.
 */
import * as tf from '@tensorflow/tfjs';
import type { InputValue } from '../core/input.ts';
import { GRAD_MODIFIERS, type GradModifier } from '../core/modifiers.ts';
import { describeForm, rejectOption, type OptionForm } from './options.ts';
import { option, type OptionDeclaration } from './schema.ts';

/** True for a tf.Tensor or an {data, shape} array. */
export function isInputValue(value: unknown): value is InputValue {
  return value instanceof tf.Tensor || (typeof value === 'object' && value !== null && 'data' in value && 'shape' in value);
}

/** True for `isOne(value)` or a non-empty list of such values (one per model input). */
export function isOneOrList(value: unknown, isOne: (item: unknown) => boolean): boolean {
  return isOne(value) || (Array.isArray(value) && value.length > 0 && value.every(isOne));
}

const GRAD_MODIFIER_FORM: OptionForm = { kind: 'choice', choices: GRAD_MODIFIERS };

/** The `gradModifier` option: a name from GRAD_MODIFIERS, null (= 'none') or a function tensor -> tensor; default 'none'. */
export function gradModifierOption(doc: string): OptionDeclaration<GradModifier, true> {
  return option.custom<GradModifier, 'none'>({
    doc,
    default: 'none',
    form: GRAD_MODIFIER_FORM,
    check: (value, name) => {
      if (value === null || typeof value === 'function' || GRAD_MODIFIERS.includes(value as never)) return value as GradModifier;
      return rejectOption(name, value, `${describeForm(GRAD_MODIFIER_FORM)}, null or a function`);
    },
  });
}

/** Values per model input with no text form (a distribution of baselines, a feature mask); no default. */
export function inputValuesOption(doc: string): OptionDeclaration<InputValue | readonly InputValue[], false> {
  return option.custom<InputValue | readonly InputValue[]>({
    doc,
    check: (value, name) =>
      isOneOrList(value, isInputValue) ? (value as InputValue | readonly InputValue[]) : rejectOption(name, value, 'a tf.Tensor or {data, shape}, or a list of them (one per model input)'),
  });
}
