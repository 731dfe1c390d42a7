/** CLI failures and their exit codes: 2 for bad arguments, 1 for everything else (missing files ...). */
import { SaliencyError } from '../core/errors.ts';

/** A bad command-line argument: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit code for a successful run. */
export const EXIT_OK = 0;
/** Exit code for a failure that is not the arguments' fault (a missing file, an unreadable model ...). */
export const EXIT_FAILURE = 1;
/** Exit code for bad arguments. */
export const EXIT_USAGE = 2;

const ARGUMENT_CODES = new Set(['INVALID_ARGUMENT', 'LAYER_NOT_FOUND', 'TARGET_OUT_OF_RANGE', 'INPUT_SHAPE']);

/** The exit code an error deserves. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError) return EXIT_USAGE;
  if (error instanceof SaliencyError && ARGUMENT_CODES.has(error.code)) return EXIT_USAGE;
  return EXIT_FAILURE;
}
