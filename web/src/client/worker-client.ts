import { isCancellable, type CANCELLABLE_REQUESTS } from '../protocol.ts';
import type { BackendName, InjectedFailure, ModelInfo, ModelSource, PanelSpec, WorkerMessage, WorkerRequest, WorkerResults } from '../protocol.ts';
import type { TextModelInfo, TextModelSource } from '../text/text-protocol.ts';

/** Thrown into pending requests when the user cancels; the page shows no error for it. */
export class CancelledError extends Error {
  constructor(reason = 'cancelled') {
    super(reason);
    this.name = 'CancelledError';
  }
}

type CancellableRequest = Extract<WorkerRequest, { type: (typeof CANCELLABLE_REQUESTS)[number] }>;

interface Pending {
  readonly cancellable: boolean;
  resolve(result: unknown): void;
  reject(error: Error): void;
  onProgress: ((fraction: number) => void) | undefined;
}

/** What the worker reported when it started. */
export interface WorkerReady {
  readonly backend: BackendName;
  /** Why preferred backends were passed over ('' when none was). */
  readonly note: string;
  /** What of the backend does not work as in Node ('' when all does). */
  readonly detail: string;
  readonly panels: readonly PanelSpec[];
}

/**
 * The page's handle on the TF.js worker: typed requests that resolve with the worker's answer,
 * progress reports, and cancellation of the computations in flight.
 */
export class WorkerClient {
  private readonly worker = new Worker(new URL('../worker/explorer-worker.ts', import.meta.url), { type: 'module' });
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly started: Promise<WorkerReady>;

  /** Starts the worker on `backend` (default: the best this browser offers). */
  constructor(backend: BackendName | undefined) {
    this.worker.onmessage = (event: MessageEvent<WorkerMessage>) => this.receive(event.data);
    this.worker.onerror = (event) => {
      event.preventDefault();
      const failed = [...this.pending.values()];
      this.pending.clear();
      failed.forEach((p) => p.reject(new Error(`the worker failed: ${event.message || 'unknown error'}`)));
    };
    this.started = this.request({ type: 'init', backend }) as Promise<WorkerReady>;
  }

  /** Resolves once the worker runs, with the backend it chose and the panels it offers. */
  ready(): Promise<WorkerReady> {
    return this.started;
  }

  /** Loads a model in the worker, replacing the previous one. */
  async loadModel(source: ModelSource): Promise<ModelInfo> {
    await this.started;
    return (await this.request({ type: 'load-model', source })) as ModelInfo;
  }

  /** Loads a token model and its vocabulary in the worker (the text flow), replacing the previous one. */
  async loadTextModel(source: TextModelSource): Promise<TextModelInfo> {
    await this.started;
    return (await this.request({ type: 'load-text-model', source })) as TextModelInfo;
  }

  /** How many tensors the worker's TF.js holds now (answered after the work queued before it). */
  async memory(): Promise<number> {
    await this.started;
    return ((await this.request({ type: 'memory' })) as WorkerResults['memory']).numTensors;
  }

  /** Sends one cancellable request and resolves with its typed answer. */
  async call<R extends CancellableRequest>(request: R, onProgress?: (fraction: number) => void): Promise<WorkerResults[R['type']]> {
    await this.started;
    return (await this.request(request, onProgress)) as WorkerResults[R['type']];
  }

  /** Test hook: makes explanations above a batch size fail as `failure` says (null: stop failing). */
  async injectFailure(failure: InjectedFailure | null): Promise<void> {
    await this.started;
    await this.request({ type: 'inject-failure', failure });
  }

  /** Stops the worker for good (to replace a broken one): every pending request fails with `reason`. */
  terminate(reason: string): void {
    this.worker.terminate();
    const failed = [...this.pending.values()];
    this.pending.clear();
    failed.forEach((p) => p.reject(new CancelledError(reason)));
  }

  /** Stops the computations in flight: their promises reject with {@link CancelledError} at once. */
  cancel(): void {
    this.worker.postMessage({ type: 'cancel', before: this.nextId, id: 0 });
    for (const [id, pending] of this.pending) {
      if (!pending.cancellable) continue;
      this.pending.delete(id);
      pending.reject(new CancelledError());
    }
  }

  /** Whether a cancellable request is still waiting for its answer. */
  get busy(): boolean {
    return [...this.pending.values()].some((p) => p.cancellable);
  }

  private request(request: WorkerRequest, onProgress?: (fraction: number) => void): Promise<unknown> {
    const id = this.nextId++;
    const cancellable = isCancellable(request.type);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { cancellable, resolve, reject, onProgress });
      this.worker.postMessage({ ...request, id });
    });
  }

  private receive(message: WorkerMessage): void {
    const pending = this.pending.get(message.id);
    if (pending === undefined) return; // answer to a cancelled request
    if (message.type === 'progress') {
      pending.onProgress?.(message.fraction);
      return;
    }
    this.pending.delete(message.id);
    if (message.type === 'result') pending.resolve(message.result);
    else pending.reject(new Error(message.message));
  }
}
