/**
 * Thrown when a model, its weights, its labels or its metadata cannot be read: `file` names the file
 * (a path, a URL or a picked file's name) at fault, and the message says what was wrong with it.
 */
export class ModelLoadError extends Error {
  /** The file (path, URL or file name) the error is about. */
  readonly file: string;

  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super(`${file}: ${problem}`, options);
    this.name = 'ModelLoadError';
    this.file = file;
  }
}
