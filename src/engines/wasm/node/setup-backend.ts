/**
 * setupBackend: the TF.js backend for Node selected and prepared; on wasm the engine installed
 * (installEngine) with its kernel worker threads, undone by the returned handle's dispose().
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import os from 'node:os';
import { check, checkChoice, SaliencyError } from '../../../core/errors.ts';
import { fastGradientsActive } from '../active.ts';
import { installEngine, type EngineHandle } from '../install.ts';
import { installKernelThreads } from './kernel-threads.ts';
import { initializeWasm, MAX_WASM_THREADS, wasmThreadsInUse } from './wasm-threads.ts';

/** Backends `setupBackend` can select. */
export const ENGINE_BACKENDS = ['wasm', 'cpu', 'tensorflow'] as const;
/** A backend `setupBackend` can select. */
export type EngineBackend = (typeof ENGINE_BACKENDS)[number];

/** Options of `setupBackend`. */
export interface SetupBackendOptions {
  /** Backend to use. Default 'wasm'. */
  backend?: EngineBackend;
  /**
   * wasm threads: an integer >= 1, or 'auto' for one per core (at most MAX_WASM_THREADS). Only
   * takes effect when the wasm backend is first initialized in the process. Default 'auto'.
   */
  threads?: number | 'auto';
  /** Let the engine's fast gradient paths act on wasm (see InstallEngineOptions). Default true. */
  fastGradients?: boolean;
}

/** What `setupBackend` made active. */
export interface EngineInfo {
  /** The active backend. */
  backend: EngineBackend;
  /** Threads the backend computes with (1 for cpu; tfjs-node manages its own). */
  threads: number;
  /** Whether the fast gradient paths are active. */
  fastGradients: boolean;
  /** Kernels wasm lacks that run through the cpu backend's kernel (empty off wasm). */
  cpuFallbackKernels: string[];
  /** wasm kernels replaced by the engine's correct or faster versions (empty off wasm). */
  replacedKernels: string[];
  /** Anything that did not go as asked (e.g. threads fixed by an earlier initialization). */
  notes: string[];
}

/** What `setupBackend` resolves to: what it made active, and the handle that undoes it. */
export interface BackendHandle extends EngineInfo {
  /**
   * Releases what this call installed (the engine and its kernel worker threads, on wasm; nothing
   * otherwise); the last release of the engine restores TF.js exactly (see EngineHandle). The
   * active backend is left as it is. A second call does nothing.
   */
  dispose(): void;
}

/** Default of SetupBackendOptions.backend. */
export const DEFAULT_ENGINE_BACKEND: EngineBackend = 'wasm';

function coreCount(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

function resolveThreads(threads: number | 'auto' | undefined): number {
  if (threads === undefined || threads === 'auto') return Math.min(coreCount(), MAX_WASM_THREADS);
  check(Number.isInteger(threads) && threads >= 1, 'threads', `must be an integer >= 1 or 'auto'; got ${String(threads)}`);
  return Math.min(threads, MAX_WASM_THREADS);
}

async function setupWasm(threads: number, fast: boolean, notes: string[]): Promise<{ threads: number; engine: EngineHandle; releaseThreads: () => void }> {
  let inUse = wasmThreadsInUse();
  if (inUse == null) {
    try {
      inUse = await initializeWasm(threads);
    } catch (error) {
      notes.push(`threaded wasm failed (${(error as Error).message}); using 1 thread`);
      tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      inUse = await initializeWasm(1);
    }
  } else {
    if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend failed to initialize');
    if (inUse !== threads) notes.push(`wasm was already initialized with ${inUse} thread(s); the thread count is fixed per process`);
  }
  const engine = installEngine({ fastGradients: fast });
  for (const { patch, reason } of engine.skippedPatches) notes.push(`${patch} not patched (${reason})`);
  return { threads: inUse, engine, releaseThreads: installKernelThreads() };
}

async function setupTensorflow(): Promise<void> {
  const packageName = '@tensorflow/tfjs-node';
  try {
    await import(packageName);
  } catch (error) {
    throw new SaliencyError('INVALID_ARGUMENT',
      `backend: 'tensorflow' needs ${packageName}, which could not be loaded (${(error as Error).message}). ` +
      `Install it with 'npm install ${packageName}@${tf.version.tfjs}' or use backend 'wasm' (the default) or 'cpu'.`, 'backend');
  }
  if (!(await tf.setBackend('tensorflow'))) {
    throw new SaliencyError('INVALID_ARGUMENT',
      `backend: ${packageName} loaded but did not register backend 'tensorflow' with this TF.js ` +
      `(${tf.version.tfjs}); install the same version of ${packageName}.`, 'backend');
  }
}

/**
 * Selects and prepares the TF.js backend for Node. Defaults: backend 'wasm', threads 'auto' (one
 * per core), fastGradients true. On wasm it installs the engine (installEngine: cpu fallbacks for
 * missing kernels, fixes for wrong ones, the fast gradient paths) and its kernel worker threads,
 * for wasm only; switching to 'cpu' later gives stock TF.js, switching back brings the engine back.
 * The result's dispose() undoes the install; callers that never dispose keep the engine for the
 * process, as repeated calls share one install. 'tensorflow' needs @tensorflow/tfjs-node
 * installed by the user.
 */
export async function setupBackend(options: SetupBackendOptions = {}): Promise<BackendHandle> {
  check(options != null && typeof options === 'object', 'options', 'must be an object');
  const backend = checkChoice(options.backend ?? DEFAULT_ENGINE_BACKEND, ENGINE_BACKENDS, 'backend');
  const threads = resolveThreads(options.threads);
  const fast = options.fastGradients ?? true;
  check(typeof fast === 'boolean', 'fastGradients', `must be true or false; got ${String(fast)}`);
  const notes: string[] = [];
  if (backend === 'wasm') {
    const wasm = await setupWasm(threads, fast, notes);
    await tf.ready();
    const { engine } = wasm;
    return {
      backend, threads: wasm.threads, fastGradients: fastGradientsActive(),
      cpuFallbackKernels: [...engine.cpuFallbackKernels], replacedKernels: [...engine.replacedKernels], notes,
      dispose: () => {
        wasm.releaseThreads();
        engine.dispose();
      },
    };
  }
  if (backend === 'cpu') {
    if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend failed to initialize');
  } else await setupTensorflow();
  await tf.ready();
  return { backend, threads: 1, fastGradients: fastGradientsActive(), cpuFallbackKernels: [], replacedKernels: [], notes, dispose: () => {} };
}
