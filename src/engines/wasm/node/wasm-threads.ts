/**
 * The threaded wasm backend started in Node: its pthread worker script, thread count, and workers
 * that never keep the process alive.
 */
import * as tf from '@tensorflow/tfjs';
import * as tfwasm from '@tensorflow/tfjs-backend-wasm';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import workerThreads from 'node:worker_threads';

/** Most threads the wasm backend starts: Emscripten pre-creates a pool of 8 workers. */
export const MAX_WASM_THREADS = 8;

interface PThreadWorker {
  ref(): void;
  unref(): void;
}

interface EmscriptenModule {
  PThread?: { runningWorkers: PThreadWorker[]; unusedWorkers: PThreadWorker[] };
}

const require = createRequire(import.meta.url);
const WASM_OUT = '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd';

/**
 * The pthread worker script for Node. TF.js hands Emscripten the worker and main scripts as Blob
 * URLs, which Node's worker_threads cannot load; this worker loads the package's own main script
 * file instead. Written once per content (named by its hash, written to a temporary name and
 * renamed, so parallel processes never see a partial file) and never deleted.
 */
function workerScript(): string {
  const { wasmWorkerContents } = require(`${WASM_OUT}.worker.js`) as { wasmWorkerContents: string };
  const mainScript = require.resolve(`${WASM_OUT}.js`);
  // The template literal it comes from turned the script's "\n" escapes into newlines; restore them.
  const script = wasmWorkerContents.replace(/\n/g, '\\n');
  const loadMain = /if\(typeof e\.data\.urlOrBlob=="string"\)\{importScripts\(e\.data\.urlOrBlob\)\}else\{[^}]*\}/;
  if (!loadMain.test(script)) throw new Error('unexpected tfjs-backend-wasm worker script; threads unavailable');
  const content = script.replace(loadMain, `importScripts(${JSON.stringify(mainScript)});`);
  const dir = join(os.tmpdir(), 'tfjs-saliency-wasm');
  const path = join(dir, `pthread-worker-${createHash('sha256').update(content).digest('hex').slice(0, 16)}.cjs`);
  if (!existsSync(path)) {
    mkdirSync(dir, { recursive: true });
    const partial = `${path}.${process.pid}.tmp`;
    writeFileSync(partial, content);
    renameSync(partial, path);
  }
  return path;
}

/** Runs `init` with the patches the threaded wasm build needs in Node, and undoes them after. */
async function withThreadedLoader<T>(threads: number, workerPath: string, init: () => Promise<T>): Promise<T> {
  const createObjectURL = URL.createObjectURL;
  const cpus = os.cpus;
  const NodeWorker = workerThreads.Worker;
  // Workers inherit the parent's execArgv (e.g. a TypeScript loader) unless told otherwise; the
  // pthread script is plain JavaScript and starts faster without it.
  workerThreads.Worker = class extends NodeWorker {
    constructor(path: string | URL, options?: workerThreads.WorkerOptions) {
      super(path, { ...options, execArgv: [] });
    }
  };
  URL.createObjectURL = (blob: Blob) => (blob.type === 'application/javascript' ? workerPath : createObjectURL(blob));
  // The backend caps its pool at half the logical cores (it assumes hyper-threading).
  os.cpus = () => {
    const list = cpus.call(os);
    while (list.length < 2 * threads) list.push(list[0] as os.CpuInfo);
    return list;
  };
  try {
    return await init();
  } finally {
    URL.createObjectURL = createObjectURL;
    os.cpus = cpus;
    workerThreads.Worker = NodeWorker;
  }
}

/**
 * Emscripten keeps a running pthread's worker referenced, like a thread, so the XNNPACK pool (whose
 * threads never end) would keep Node alive forever. They only serve the main thread: unreference
 * them so a script or test runner exits when its work is done.
 */
function releaseWorkers(module: EmscriptenModule, hadGlobalWorker: boolean): void {
  // Emscripten also set globalThis.Worker, which Node does not have: code that tells browsers
  // from Node by it would be misled. The pool is complete (threads <= MAX_WASM_THREADS).
  if (!hadGlobalWorker) delete (globalThis as { Worker?: unknown }).Worker;
  const pthreads = module.PThread;
  if (pthreads == null) return;
  for (const worker of [...pthreads.runningWorkers, ...pthreads.unusedWorkers]) {
    worker.unref();
    worker.ref = () => {};
  }
}

/**
 * Initializes the wasm backend with `threads` threads (1 = the single-threaded SIMD build).
 * Must run before anything else initializes the wasm backend. Returns the thread count in use.
 */
export async function initializeWasm(threads: number): Promise<number> {
  if (threads <= 1) {
    tfwasm.setThreadsCount(1);
    if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend failed to initialize');
    return tfwasm.getThreadsCount();
  }
  const workerPath = workerScript();
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  tfwasm.setThreadsCount(Math.min(threads, MAX_WASM_THREADS));
  const hadGlobalWorker = 'Worker' in globalThis;
  const ok = await withThreadedLoader(threads, workerPath, () => tf.setBackend('wasm'));
  if (!ok) throw new Error('the threaded wasm backend failed to initialize');
  releaseWorkers((tf.backend() as unknown as { wasm: EmscriptenModule }).wasm, hadGlobalWorker);
  return tfwasm.getThreadsCount();
}

/** Thread count the wasm backend runs with, or null before it is initialized. */
export function wasmThreadsInUse(): number | null {
  try {
    return tfwasm.getThreadsCount();
  } catch {
    return null;
  }
}
