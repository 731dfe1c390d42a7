// What kind of failure an error message reports, which decides how the page recovers from it.

/**
 * - `'abort'`: the wasm module aborted (XNNPACK out of memory, a trap): the worker's TF.js is broken
 *   for good, so the worker is restarted and the model reloaded before anything else runs;
 * - `'memory'`: an allocation failed but the worker still works: retry with a smaller batch;
 * - `'other'`: a real error of the method or the model (a wrong option, a missing layer): shown as it is.
 */
export type FailureKind = 'abort' | 'memory' | 'other';

const ABORT = /Aborted\(|memory access out of bounds|XNN status|xnn_|RuntimeError|unreachable|table index is out of bounds|the worker failed/i;
const MEMORY = /out of memory|\bOOM\b|failed to allocate|allocation failed|cannot allocate|Invalid typed array length|Array buffer allocation|exceeds the (size|memory)|texture size|context lost/i;

/** The {@link FailureKind} of `message`. */
export function failureKind(message: string): FailureKind {
  if (ABORT.test(message)) return 'abort';
  if (MEMORY.test(message)) return 'memory';
  return 'other';
}

/** A short name for the failure in the status line. */
export function failureLabel(kind: FailureKind): string {
  return kind === 'abort' ? 'the wasm engine aborted (out of memory)' : kind === 'memory' ? 'out of memory' : 'error';
}
