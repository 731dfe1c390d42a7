import type { MethodMeasures } from './protocol.ts';

/** A map or input as plain data (page → test). */
export interface PlainArray {
  readonly data: number[];
  readonly shape: number[];
}

/** Plain-data views of the explorer's state, for browser tests and scripting (`window.__explorer`). */
export interface ExplorerHook {
  /** Resolves when all work started so far has finished. */
  whenIdle(): Promise<void>;
  /** The backend the worker runs on, once started. */
  backend(): string | undefined;
  /** The loaded model: name, format, input size, classes, labels, layers. */
  model(): { readonly name: string; readonly format: string; readonly classes: number; readonly labels: readonly string[] } | undefined;
  /** The current model input `[height, width, channels]`. */
  input(): PlainArray | undefined;
  /** The top-k predictions shown. */
  predictions(): readonly { readonly index: number; readonly label: string; readonly probability: number }[];
  /** The class being explained. */
  target(): number;
  /** The panels of the grid, in order, and whether each is switched on. */
  panels(): { readonly id: string; readonly method: string; readonly enabled: boolean }[];
  /** Registry name and option values of panel `id`. */
  call(id: string): { readonly method: string; readonly options: Readonly<Record<string, number | string | boolean | null>> } | undefined;
  /** The raw map of panel `id` (as the library returned it, without the batch axis), if computed. */
  map(id: string): PlainArray | undefined;
  /** The line under panel `id` (its time, or why it failed). */
  status(id: string): string;
  /** Tensors held by TF.js in the worker: constant across runs when nothing leaks. */
  numTensors(): Promise<number>;
  /** The colour bar labels of panel `id` ("-0.02 … 0 … 0.02"; '' when none is shown). */
  legend(id: string): string;
  /** The remark under panel `id`'s picture (why it is blank, which maps share its scale; '' when none). */
  note(id: string): string;
  /** The error message shown on the page ('' when none). */
  error(): string;
  /** Makes explanations above a batch size fail in the worker as a memory error or a wasm abort would (null: stop). */
  injectFailure(failure: { readonly kind: 'memory' | 'abort'; readonly aboveBatch: number } | null): Promise<void>;
  /** How many times a broken worker was replaced. */
  workerRestarts(): number;
  /** Most inputs one batch may hold under the memory budget, for the loaded model. */
  batchLimit(): number;
  /** The last measures of the switched-on methods' maps (Measure button): deletion, insertion, MPRT per method. */
  measures(): readonly MethodMeasures[] | undefined;
}

declare global {
  interface Window {
    __explorer?: ExplorerHook;
  }
}
