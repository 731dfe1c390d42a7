/** Parsers for option values: each names the option and the valid values in its error. */
import { UsageError } from './errors.ts';

/** A parser for an integer option in [min, max]. */
export function integerOption(option: string, min = -Infinity, max = Infinity): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isInteger(number) || number < min || number > max) {
      const range = Number.isFinite(max) ? `${min} to ${max}` : `${min} or more`;
      throw new UsageError(`${option}: expected an integer ${Number.isFinite(min) ? `(${range})` : ''}, got '${value}'`.replace(' )', ')'));
    }
    return number;
  };
}

const BYTE_UNITS: Readonly<Record<string, number>> = { '': 1, k: 2 ** 10, kib: 2 ** 10, m: 2 ** 20, mib: 2 ** 20, g: 2 ** 30, gib: 2 ** 30, t: 2 ** 40, tib: 2 ** 40 };

/** A parser for a size in bytes: an integer, optionally with a binary unit (512M, 2G, 1.5GiB). */
export function bytesOption(option: string): (value: string) => number {
  return (value) => {
    const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
    const unit = match ? BYTE_UNITS[(match[2] as string).toLowerCase()] : undefined;
    const bytes = match && unit !== undefined ? Math.floor(Number(match[1]) * unit) : NaN;
    if (!(bytes >= 1) || !Number.isSafeInteger(bytes)) {
      throw new UsageError(`${option}: expected a size in bytes such as 1073741824, 512M or 2G, got '${value}'`);
    }
    return bytes;
  };
}

/** A parser for a number option in [min, max]. */
export function numberOption(option: string, min = -Infinity, max = Infinity): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number) || number < min || number > max) {
      throw new UsageError(`${option}: expected a number from ${min} to ${max}, got '${value}'`);
    }
    return number;
  };
}

/** A parser for a choice option. */
export function choiceOption<T extends string>(option: string, choices: readonly T[]): (value: string) => T {
  return (value) => {
    if ((choices as readonly string[]).includes(value)) return value as T;
    throw new UsageError(`${option}: '${value}' is not valid; choose one of ${choices.join(', ')}`);
  };
}

/**
 * Collects repeated `key=value` options into a null-prototype object, so that any key (even
 * `__proto__`) is an own entry that the method's schema then accepts or refuses.
 */
export function keyValueOption(option: string): (value: string, previous: Record<string, string> | undefined) => Record<string, string> {
  return (value, previous) => {
    const at = value.indexOf('=');
    if (at <= 0) throw new UsageError(`${option}: expected key=value, got '${value}'`);
    const collected: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, previous);
    Object.defineProperty(collected, value.slice(0, at), { value: value.slice(at + 1), enumerable: true, writable: true, configurable: true });
    return collected;
  };
}

/** Collects a comma-separated list of choices (repeatable). */
export function choiceListOption<T extends string>(option: string, choices: readonly T[]): (value: string, previous: T[] | undefined) => T[] {
  const one = choiceOption(option, choices);
  return (value, previous) => [...(previous ?? []), ...value.split(',').map((v) => one(v.trim()))];
}

/** A parser for an image size `HxW` (height x width, e.g. 224x224), each from 1 to `max` (default 4096). */
export function sizeOption(option: string, max = 4096): (value: string) => [number, number] {
  return (value) => {
    const match = /^(\d+)x(\d+)$/i.exec(value.trim());
    const [height, width] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
    if (height < 1 || width < 1 || height > max || width > max) {
      throw new UsageError(`${option}: expected HEIGHTxWIDTH with each from 1 to ${max}, e.g. 224x224; got '${value}'`);
    }
    return [height, width];
  };
}

/** A parser for a comma list of non-negative integers ('3,4,7'), at most 8 of them. */
export function integerListOption(option: string): (value: string) => number[] {
  const one = integerOption(option, 0);
  return (value) => {
    const parts = value.split(',');
    if (parts.length > 8) throw new UsageError(`${option}: expected at most 8 comma-separated integers, got ${parts.length}`);
    return parts.map((part) => {
      try {
        return one(part);
      } catch {
        throw new UsageError(`${option}: expected comma-separated integers (0 or more) such as 3,4,7, got '${value}'`);
      }
    });
  };
}

/** A parser for a comma list of numbers, e.g. `--mean 0.485,0.456,0.406`. */
export function numberListOption(option: string): (value: string) => number[] {
  return (value) => {
    const numbers = value.split(',').map((v) => Number(v.trim()));
    if (value.trim() === '' || numbers.some((n) => !Number.isFinite(n))) throw new UsageError(`${option}: expected numbers separated by commas, e.g. 0.1307 or 0.485,0.456,0.406; got '${value}'`);
    return numbers;
  };
}
