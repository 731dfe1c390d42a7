import { SaliencyError } from '../core/errors.ts';

/**
 * Thrown when a model, its weights, its labels or its metadata cannot be read: `file` names the file
 * (a path, a URL or a picked file's name) at fault, and the message says what was wrong with it.
 * A {@link SaliencyError} with code 'MODEL_FILE'.
 */
export class ModelLoadError extends SaliencyError {
  /** The file (path, URL or file name) the error is about. */
  readonly file: string;

  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super('MODEL_FILE', `${file}: ${problem}`);
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
    this.name = 'ModelLoadError';
    this.file = file;
  }
}
