// One panel's computation with recovery: an out-of-memory failure is retried with a smaller batch,
// a wasm abort first replaces the broken worker; what still fails says what a retry would change.
import type { OptionSpec } from 'tfjs-saliency';
import { effectiveBatch, smallerBatch, withBatch } from './batch-size.ts';
import { CancelledError } from './client/worker-client.ts';
import { failureKind, type FailureKind } from './client/failures.ts';
import type { MethodCall, WorkerResults } from './protocol.ts';

/** Automatic retries with a smaller batch before the panel gives up and offers the next one to the user. */
export const AUTOMATIC_RETRIES = 3;

/** What a panel run needs from the page. */
export interface PanelRunContext {
  /** Runs `call` in the worker now in use. */
  explain(call: MethodCall, onProgress: (fraction: number) => void): Promise<WorkerResults['explain']>;
  /** Replaces a broken worker with a fresh one holding the same model. */
  recover(): Promise<void>;
  /** Most inputs one batch may hold under the memory budget. */
  readonly batchLimit: number;
}

/** A computed map, with the batch it ran at and the failures on the way. */
export interface PanelSuccess {
  readonly ok: true;
  readonly result: WorkerResults['explain'];
  /** Batch option value used (undefined for methods without one). */
  readonly batch: number | undefined;
  /** Batches that failed before (largest first). */
  readonly failedBatches: readonly number[];
  /** Whether the worker was restarted on the way. */
  readonly restarted: boolean;
}

/** A panel that could not be computed. */
export interface PanelFailure {
  readonly ok: false;
  readonly kind: FailureKind;
  readonly message: string;
  /** The smaller batch a retry would use (undefined: none is smaller, or the failure was not about memory). */
  readonly retryBatch: number | undefined;
}

/**
 * Runs `call` (a method with `options`) at the batch the budget allows (or `batch` when the user asked
 * for one), shrinking it by `SHRINK_FACTOR` after each memory failure, up to
 * {@link AUTOMATIC_RETRIES} times. Cancellation propagates as {@link CancelledError}.
 */
export async function runPanel(
  context: PanelRunContext,
  call: MethodCall,
  options: readonly OptionSpec[],
  batch: number | undefined,
  onProgress: (fraction: number) => void,
): Promise<PanelSuccess | PanelFailure> {
  let current = batch ?? effectiveBatch(call, options, context.batchLimit);
  const failedBatches: number[] = [];
  let restarted = false;
  for (;;) {
    try {
      const result = await context.explain(withBatch(call, options, current), onProgress);
      return { ok: true, result, batch: current, failedBatches, restarted };
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      const kind = failureKind(message);
      if (kind === 'abort') {
        await context.recover();
        restarted = true;
      }
      const next = kind === 'other' || current === undefined ? undefined : smallerBatch(current);
      if (current !== undefined && kind !== 'other') failedBatches.push(current);
      if (next === undefined || failedBatches.length > AUTOMATIC_RETRIES) return { ok: false, kind, message, retryBatch: next };
      current = next;
    }
  }
}
