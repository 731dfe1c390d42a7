// The explorer's Web Worker: all TF.js work runs here so the page stays responsive. Requests are
// handled one at a time, in the order they arrive. A cancel aborts the computation running now
// (through the library's AbortSignal support) and drops the queued ones; starting the backend and
// loading a model are never cancelled.
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from './backend.ts';
import { loadModel, messageOf, type LoadedModel } from './load-model.ts';
import { predictTop } from './predict.ts';
import { prepareInput } from './prepare-input.ts';
import { describePanels, runMethod } from './methods.ts';
import { measureMaps } from './measure-maps.ts';
import { handleText } from '../text/worker-text.ts';
import { injectFailure, throwIfBroken, throwIfInjected } from './injected-failure.ts';
import { isCancellable, type NumberedRequest, type WorkerMessage, type WorkerResults } from '../protocol.ts';

/** The parts of a dedicated worker's global scope used here (the DOM lib types `self` as a window). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<NumberedRequest>) => void) | null;
  postMessage(message: WorkerMessage, transfer: Transferable[]): void;
}
const scope = self as unknown as WorkerScope;

let loaded: LoadedModel | undefined;
let queue: Promise<void> = Promise.resolve();
/** Requests numbered below this were cancelled. */
let cancelledBefore = 0;
/** Aborts the request running now. */
let running: { readonly id: number; readonly cancellable: boolean; readonly controller: AbortController } | undefined;

scope.onmessage = (event: MessageEvent<NumberedRequest>) => {
  const request = event.data;
  if (request.type === 'cancel') {
    cancelledBefore = Math.max(cancelledBefore, request.before);
    if (running !== undefined && running.id < cancelledBefore && running.cancellable) running.controller.abort();
    return;
  }
  queue = queue.then(() => answer(request));
};

async function answer(request: Exclude<NumberedRequest, { type: 'cancel' }>): Promise<void> {
  const cancellable = isCancellable(request.type);
  if (cancellable && request.id < cancelledBefore) {
    post({ type: 'error', id: request.id, message: 'cancelled' });
    return;
  }
  running = { id: request.id, cancellable, controller: new AbortController() };
  try {
    const result = await handle(request, running.controller.signal);
    const transfer = transferables(request, result);
    post({ type: 'result', id: request.id, result }, transfer);
  } catch (error) {
    post({ type: 'error', id: request.id, message: messageOf(error) });
  } finally {
    running = undefined;
  }
}

async function handle(request: Exclude<NumberedRequest, { type: 'cancel' }>, signal: AbortSignal): Promise<WorkerResults[keyof WorkerResults]> {
  switch (request.type) {
    case 'init':
      return { ...(await selectBackend(request.backend)), panels: describePanels() };
    case 'load-model': {
      const next = await loadModel(request.source);
      loaded?.dispose();
      loaded = next;
      return next.info;
    }
    case 'memory':
      return { numTensors: tf.memory().numTensors };
    case 'inject-failure':
      injectFailure(request.failure);
      return null;
    case 'prepare':
      throwIfBroken();
      return prepareInput(request.image, request.preprocessing, requireModel().model);
    case 'predict':
      throwIfBroken();
      return predictTop(requireModel().model, requireModel().info, request.input, request.top, request.output);
    case 'explain':
      throwIfInjected(request.method);
      return runMethod(
        requireModel(),
        request.input,
        request.target,
        request.method,
        (fraction) => post({ type: 'progress', id: request.id, fraction }),
        signal,
      );
    case 'measure':
      throwIfBroken();
      return measureMaps(requireModel(), request.input, request.target, request.methods, request.steps, (fraction) => post({ type: 'progress', id: request.id, fraction }), signal);
    default:
      return handleText(request, (fraction) => post({ type: 'progress', id: request.id, fraction }), signal);
  }
}

function transferables(request: Exclude<NumberedRequest, { type: 'cancel' }>, result: WorkerResults[keyof WorkerResults]): Transferable[] {
  if (request.type === 'explain') return [(result as WorkerResults['explain']).map.data.buffer];
  if (request.type === 'prepare') return [(result as WorkerResults['prepare']).data.buffer];
  return [];
}

function requireModel(): LoadedModel {
  if (loaded === undefined) throw new Error('no model is loaded yet');
  return loaded;
}

function post(message: WorkerMessage, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}
