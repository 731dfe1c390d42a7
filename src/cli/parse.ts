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

/** Collects repeated `key=value` options into an object. */
export function keyValueOption(option: string): (value: string, previous: Record<string, string> | undefined) => Record<string, string> {
  return (value, previous = {}) => {
    const at = value.indexOf('=');
    if (at <= 0) throw new UsageError(`${option}: expected key=value, got '${value}'`);
    return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
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
