import type { Explorer } from './app.ts';
import type { ExplorerHook, PlainArray } from './explorer-hook.ts';

/** Puts an {@link ExplorerHook} on `window.__explorer`. */
export function exposeTestHook(explorer: Explorer): void {
  const plain = (array: { data: Float32Array; shape: readonly number[] } | undefined): PlainArray | undefined =>
    array === undefined ? undefined : { data: Array.from(array.data), shape: [...array.shape] };
  const panel = (id: string) => explorer.panels.find((p) => p.method.id === id);
  const hook: ExplorerHook = {
    whenIdle: () => explorer.whenIdle(),
    backend: () => explorer.backend,
    model: () => explorer.model,
    input: () => plain(explorer.input),
    predictions: () => explorer.predictions,
    target: () => explorer.choice.target,
    panels: () => explorer.panels.map((p) => ({ id: p.method.id, method: p.method.method, enabled: p.enabled })),
    call: (id) => panel(id)?.call(),
    map: (id) => plain(panel(id)?.map),
    numTensors: () => explorer.numTensors(),
    status: (id) => panel(id)?.statusText ?? '',
    legend: (id) => panel(id)?.legendText ?? '',
    note: (id) => panel(id)?.noteText ?? '',
    error: () => explorer.errors.text,
    injectFailure: (failure) => explorer.injectFailure(failure),
    workerRestarts: () => explorer.workerRestarts,
    batchLimit: () => explorer.batchLimit(),
    measures: () => explorer.measures,
  };
  window.__explorer = hook;
}
