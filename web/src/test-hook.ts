import type { Explorer } from './app.ts';

/** Plain-data views of the explorer's state, for browser tests and scripting (`window.__explorer`). */
export interface ExplorerHook {
  /** Resolves when all work started so far has finished. */
  whenIdle(): Promise<void>;
  /** The backend the worker runs on, once started. */
  backend(): string | undefined;
  /** The loaded model's description. */
  model(): unknown;
  /** The current model input `[height, width, channels]`. */
  input(): { data: number[]; shape: number[] } | undefined;
  /** The top-k predictions shown. */
  predictions(): unknown;
  /** The class being explained. */
  target(): number;
  /** Ids of the methods in the grid. */
  methods(): string[];
  /** The raw map of method `id` (as the library returned it), if computed. */
  map(id: string): { data: number[]; shape: number[] } | undefined;
  /** The error message shown on the page ('' when none). */
  error(): string;
}

declare global {
  interface Window {
    __explorer?: ExplorerHook;
  }
}

/** Puts {@link ExplorerHook} on `window.__explorer`. */
export function exposeTestHook(explorer: Explorer): void {
  const plain = (array: { data: Float32Array; shape: readonly number[] } | undefined) =>
    array === undefined ? undefined : { data: Array.from(array.data), shape: [...array.shape] };
  window.__explorer = {
    whenIdle: () => explorer.whenIdle(),
    backend: () => explorer.backend,
    model: () => explorer.model,
    input: () => plain(explorer.input),
    predictions: () => explorer.predictions,
    target: () => explorer.target,
    methods: () => explorer.panels.map((p) => p.method.id),
    map: (id) => plain(explorer.panels.find((p) => p.method.id === id)?.map),
    error: () => explorer.errors.text,
  };
}
