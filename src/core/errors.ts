/** Machine-readable reasons a call was refused; the message says what would be valid. */
export type SaliencyErrorCode =
  | 'INVALID_ARGUMENT'
  | 'LAYER_NOT_FOUND'
  | 'TARGET_OUT_OF_RANGE'
  | 'INPUT_SHAPE'
  | 'NO_GRADIENT'
  | 'UNSUPPORTED_MODEL'
  | 'MODEL_FILE'
  | 'CANCELLED';

/**
 * The one error class of the library. `code` tells programs what went wrong, `argument` names the
 * offending argument where there is one, and the message says what would have been valid.
 */
export class SaliencyError extends Error {
  /** What kind of failure this is. */
  readonly code: SaliencyErrorCode;
  /** The argument (or option) at fault, when one is. */
  readonly argument: string | undefined;

  constructor(code: SaliencyErrorCode, message: string, argument?: string) {
    super(message);
    this.name = 'SaliencyError';
    this.code = code;
    this.argument = argument;
  }
}

/** Throws an INVALID_ARGUMENT error unless `condition` holds. */
export function check(condition: unknown, argument: string, message: string): asserts condition {
  if (!condition) throw new SaliencyError('INVALID_ARGUMENT', `${argument}: ${message}`, argument);
}

/** Validates a string option against its allowed values, naming them in the error. */
export function checkChoice<T extends string>(
  value: unknown,
  allowed: readonly T[],
  argument: string,
): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new SaliencyError(
    'INVALID_ARGUMENT',
    `${argument}: got ${JSON.stringify(value)}; valid values are ${allowed.map((a) => `'${a}'`).join(', ')}`,
    argument,
  );
}

/** Lists names for an error message, shortening long lists. */
export function listForMessage(names: readonly string[], max = 40): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')}, ... (${names.length - max} more)`;
}
