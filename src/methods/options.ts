/**
 * The text form of a method option: what the CLI and the web explorer build their controls from
 * ({@link OptionSpec}), the check of a value against that form, and the one conversion the text
 * faces do (`'50'` -> 50, `'true'` -> true). Every error names the option and what is valid.
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError } from '../core/errors.ts';

/** The kind of value an option takes, as text faces show it. */
export type OptionKind = 'number' | 'integer' | 'boolean' | 'choice' | 'layer' | 'string';

/** How an option looks in text: its kind, with bounds and a step for numbers and the values of a choice. */
export interface OptionForm {
  readonly kind: OptionKind;
  /** Inclusive bounds for numbers. */
  readonly min?: number;
  readonly max?: number;
  /** A sensible slider step for numbers. */
  readonly step?: number;
  /** The valid values of a 'choice'. */
  readonly choices?: readonly string[];
}

/** One option of a method as the CLI and the explorer show it, with its default. */
export interface OptionSpec extends OptionForm {
  /** The option's name in the method's options object, e.g. 'steps'. */
  readonly name: string;
  /** The default value (null: none, e.g. "found automatically"). */
  readonly default: number | string | boolean | null;
  /** One line for help texts and tooltips. */
  readonly description: string;
}

/** What a value of `form` may be, for messages: 'an integer from 1 to 1000', "one of 'a', 'b'". */
export function describeForm(form: OptionForm): string {
  switch (form.kind) {
    case 'integer':
    case 'number': {
      const what = form.kind === 'integer' ? 'an integer' : 'a number';
      if (form.min !== undefined && form.max !== undefined) return `${what} from ${form.min} to ${form.max}`;
      if (form.min !== undefined) return `${what} >= ${form.min}`;
      return form.max !== undefined ? `${what} <= ${form.max}` : what;
    }
    case 'boolean':
      return 'true or false';
    case 'choice':
      return `one of ${(form.choices ?? []).map((c) => `'${c}'`).join(', ')}`;
    case 'layer':
      return 'a layer name, path or index';
    case 'string':
      return 'a non-empty string';
  }
}

/** A value as an error message shows it: strings quoted, objects by what they are (never a whole tensor). */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (value instanceof tf.Tensor) return `a tensor of shape [${value.shape.join(', ')}]`;
  if (Array.isArray(value)) return value.length <= 8 && value.every((v) => typeof v !== 'object') ? JSON.stringify(value) : `a list of ${value.length}`;
  return value !== null && typeof value === 'object' ? 'an object' : String(value);
}

/** Throws the INVALID_ARGUMENT error of option `name`: "name: got <value>; expected <valid>". */
export function rejectOption(name: string, value: unknown, valid: string): never {
  throw new SaliencyError('INVALID_ARGUMENT', `${name}: got ${showValue(value)}; expected ${valid}`, name);
}

/** `value` checked against `form`, unconverted (the text '50' is not a number here); the error names `name`. */
export function checkFormValue(form: OptionForm, value: unknown, name: string): unknown {
  if (!fitsForm(form, value)) rejectOption(name, value, describeForm(form));
  return value;
}

function fitsForm(form: OptionForm, value: unknown): boolean {
  switch (form.kind) {
    case 'integer':
    case 'number':
      return (
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (form.kind === 'number' || Number.isInteger(value)) &&
        (form.min === undefined || value >= form.min) &&
        (form.max === undefined || value <= form.max)
      );
    case 'boolean':
      return typeof value === 'boolean';
    case 'choice':
      return typeof value === 'string' && (form.choices ?? []).includes(value);
    case 'layer':
      return (
        (typeof value === 'number' && Number.isInteger(value)) ||
        (typeof value === 'string' && value.length > 0) ||
        (Array.isArray(value) && value.length > 0 && value.every((part) => typeof part === 'string' && part.length > 0)) ||
        value instanceof tf.layers.Layer
      );
    case 'string':
      return typeof value === 'string' && value.length > 0;
  }
}

/**
 * Text from a command line or a form field as a value of `form`: numeric text for numbers and layer
 * indices, 'true' / 'false' for booleans. Anything else is returned unchanged, for the check to reject.
 */
export function fromText(form: OptionForm, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  switch (form.kind) {
    case 'integer':
    case 'number':
      return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    case 'layer':
      return /^-?\d+$/.test(value) ? Number(value) : value;
    case 'choice':
    case 'string':
      return value;
  }
}
