/** Progress reporting, cancellation and yielding for long computations. */
import { SaliencyError } from './errors.ts';

/** Progress of a long computation. */
export interface Progress {
  /** Units of work done (steps, samples, windows ...). */
  readonly done: number;
  /** Units of work in all. */
  readonly total: number;
}

/** Options of methods that can take long. */
export interface LongRunningOptions {
  /** Called after each chunk of work. Default: none. */
  readonly onProgress?: (progress: Progress) => void;
  /** Cancels the computation: the method rejects with a SaliencyError of code 'CANCELLED'. Default: none. */
  readonly signal?: AbortSignal;
}

/** Throws a CANCELLED error when `signal` is aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SaliencyError('CANCELLED', 'the computation was cancelled');
}

/** Reports progress, lets other work run (UI, timers), then checks for cancellation. */
export async function reportProgress(options: LongRunningOptions, done: number, total: number): Promise<void> {
  options.onProgress?.({ done, total });
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  throwIfCancelled(options.signal);
}
