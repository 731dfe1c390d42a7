// Batch sizes chosen from the model's size and a memory budget per backend, and made smaller after a
// failure. Shared by the page (which chooses) and the worker (whose test hook reads them).
import { BATCH_OPTIONS, batchLimit, type OptionSpec } from 'tfjs-saliency';
import type { BackendName, MethodCall } from './protocol.ts';

export { BATCH_OPTIONS, batchLimit };

/**
 * Megabytes of activations one explanation may hold at once, per backend: wasm's heap is at most a
 * few GB and XNNPACK aborts rather than failing softly, so it gets the least; `?memory=MB` overrides it.
 */
export const MEMORY_BUDGET_MB: Readonly<Record<BackendName, number>> = { wasm: 512, webgl: 512, webgpu: 1024, cpu: 1024 };

/** How much smaller each retry after an out-of-memory failure makes the batch. */
export const SHRINK_FACTOR = 4;

/** The batch option of a method (its first option named in {@link BATCH_OPTIONS}), if it has one. */
export function batchOption(options: readonly OptionSpec[]): OptionSpec | undefined {
  return options.find((o) => BATCH_OPTIONS.includes(o.name));
}

/** The batch `call` runs at: its batch option's value (or default), at most `cap`; undefined for methods without one. */
export function effectiveBatch(call: MethodCall, options: readonly OptionSpec[], cap: number): number | undefined {
  const spec = batchOption(options);
  if (spec === undefined) return undefined;
  const value = call.options[spec.name];
  const asked = typeof value === 'number' ? value : typeof spec.default === 'number' ? spec.default : cap;
  return Math.max(1, Math.min(asked, cap));
}

/** `call` with its batch option set to `batch` (unchanged when it has none). */
export function withBatch(call: MethodCall, options: readonly OptionSpec[], batch: number | undefined): MethodCall {
  const spec = batchOption(options);
  if (spec === undefined || batch === undefined) return call;
  return { ...call, options: { ...call.options, [spec.name]: batch } };
}

/** The batch read from a call's options as sent to the worker (undefined when it has no batch option). */
export function batchOf(call: MethodCall): number | undefined {
  for (const name of BATCH_OPTIONS) {
    const value = call.options[name];
    if (typeof value === 'number') return value;
  }
  return undefined;
}

/** The next smaller batch to try after an out-of-memory failure at `batch`; undefined when 1 already failed. */
export function smallerBatch(batch: number): number | undefined {
  return batch <= 1 ? undefined : Math.max(1, Math.floor(batch / SHRINK_FACTOR));
}
