/**
 * Declared method options: what the CLI and the web explorer read to build their controls, and the
 * one place untyped option values (from a command line or a form) are checked.
 */
import { SaliencyError } from '../core/errors.ts';

/** The kind of value an option takes. */
export type OptionKind = 'number' | 'integer' | 'boolean' | 'choice' | 'layer' | 'string';

/** One option of a method, with its default. */
export interface OptionSpec {
  /** The option's name in the method's options object, e.g. 'steps'. */
  readonly name: string;
  readonly kind: OptionKind;
  /** The default value (null: none, e.g. "found automatically"). */
  readonly default: number | string | boolean | null;
  /** One line for help texts and tooltips. */
  readonly description: string;
  /** Inclusive bounds for numbers. */
  readonly min?: number;
  readonly max?: number;
  /** A sensible slider step for numbers. */
  readonly step?: number;
  /** The valid values of a 'choice'. */
  readonly choices?: readonly string[];
}

/**
 * Checks untyped option values against their specs: converts numeric strings, rejects unknown
 * options and out-of-range values with an error naming the option and what is valid. Options
 * not given are left out (each method applies its own defaults).
 */
export function parseOptions(
  specs: readonly OptionSpec[],
  raw: Readonly<Record<string, unknown>>,
  method: string,
): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const spec = specs.find((s) => s.name === name);
    if (!spec) {
      throw new SaliencyError(
        'INVALID_ARGUMENT',
        `${name}: not an option of '${method}'; its options are ${specs.map((s) => s.name).join(', ') || '(none)'}`,
        name,
      );
    }
    out[name] = parseOne(spec, value);
  }
  return out;
}

function parseOne(spec: OptionSpec, value: unknown): number | string | boolean {
  const fail = (valid: string): never => {
    throw new SaliencyError('INVALID_ARGUMENT', `${spec.name}: got ${JSON.stringify(value)}; expected ${valid}`, spec.name);
  };
  switch (spec.kind) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      return fail('true or false');
    case 'choice': {
      const choices = spec.choices ?? [];
      if (typeof value === 'string' && choices.includes(value)) return value;
      return fail(`one of ${choices.map((c) => `'${c}'`).join(', ')}`);
    }
    case 'string':
    case 'layer':
      if (spec.kind === 'layer' && typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
      if (typeof value === 'string' && value.length > 0) return value;
      if (spec.kind === 'layer' && typeof value === 'number' && Number.isInteger(value)) return value;
      return fail(spec.kind === 'layer' ? 'a layer name, path or index' : 'a non-empty string');
    case 'number':
    case 'integer': {
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      const range = `${spec.min ?? '-inf'} to ${spec.max ?? 'inf'}`;
      if (typeof number !== 'number' || !Number.isFinite(number)) return fail(`a number (${range})`);
      if (spec.kind === 'integer' && !Number.isInteger(number)) return fail(`an integer (${range})`);
      if ((spec.min !== undefined && number < spec.min) || (spec.max !== undefined && number > spec.max)) {
        return fail(`a value from ${range}`);
      }
      return number;
    }
  }
}
