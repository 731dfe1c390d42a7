/** The `baseline` option as the registry (CLI, explorer) passes it: a string. */
import { SaliencyError } from '../../core/errors.ts';
import type { OptionSpec } from '../options.ts';
import type { Baseline } from './baseline.ts';

/** Registry spec of a path method's `baseline` option. */
export const BASELINE_OPTION: OptionSpec = {
  name: 'baseline',
  kind: 'string',
  default: 'zeros',
  description: "The path's start: 'zeros', 'blur' (the input blurred by blurSigma) or a number (a constant input).",
};

/** Turns the registry's string ('zeros', 'blur', '0.5') into a {@link Baseline}; nothing when undefined. */
export function baselineOption(value: string | undefined): { baseline?: Baseline } {
  if (value === undefined) return {};
  if (value === 'zeros' || value === 'blur') return { baseline: value };
  const number = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(number)) {
    throw new SaliencyError('INVALID_ARGUMENT', `baseline: got ${JSON.stringify(value)}; expected 'zeros', 'blur' or a number`, 'baseline');
  }
  return { baseline: number };
}
