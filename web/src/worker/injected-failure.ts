// A test hook: fakes the failures real models cause (an out-of-memory error, or a wasm abort that
// leaves TF.js broken until the worker restarts), so the page's recovery can be tested in seconds.
import { batchOf } from '../batch-size.ts';
import type { InjectedFailure, MethodCall } from '../protocol.ts';

let failure: InjectedFailure | null = null;
/** Set by a faked abort: from then on every request fails, as after a real one. */
let broken = false;

/** Arms (or, with null, disarms) the fake failure. */
export function injectFailure(next: InjectedFailure | null): void {
  failure = next;
}

/** Throws what a broken wasm module throws, once a faked abort happened. */
export function throwIfBroken(): void {
  if (broken) throw new Error('RuntimeError: memory access out of bounds (after an earlier abort)');
}

/** Throws the armed failure when `call` has a batch option set above its threshold. */
export function throwIfInjected(call: MethodCall): void {
  throwIfBroken();
  const batch = batchOf(call);
  if (failure === null || batch === undefined || batch <= failure.aboveBatch) return;
  if (failure.kind === 'abort') {
    broken = true;
    throw new Error(`Aborted(). XNN status 6 at a batch of ${batch} (injected by a test)`);
  }
  throw new Error(`out of memory: failed to allocate a batch of ${batch} (injected by a test)`);
}
