/** Checking numeric options of the typed method functions, with their defaults. */
import { check } from '../../core/errors.ts';

/** `value` (or `fallback` when undefined), checked to be an integer >= `min`. */
export function integerOption(value: number | undefined, fallback: number, name: string, min = 1): number {
  const chosen = value ?? fallback;
  check(Number.isInteger(chosen) && chosen >= min, name, `got ${chosen}; expected an integer >= ${min}`);
  return chosen;
}

/** `value` (or `fallback` when undefined), checked to be a finite number >= `min`. */
export function numberOption(value: number | undefined, fallback: number, name: string, min = 0): number {
  const chosen = value ?? fallback;
  check(typeof chosen === 'number' && Number.isFinite(chosen) && chosen >= min, name, `got ${chosen}; expected a number >= ${min}`);
  return chosen;
}
