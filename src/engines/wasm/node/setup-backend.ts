import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import os from 'node:os';
import { check, checkChoice, SaliencyError } from '../../../core/errors.ts';
import { fastGradientsActive, setFastGradients } from '../active.ts';
import { installKernelThreads } from './kernel-threads.ts';
import { installWasmKernels } from '../register.ts';
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
  /** Install and use the fast gradient paths on wasm. Default true. */
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

async function setupWasm(threads: number, fast: boolean, notes: string[]): Promise<number> {
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
  installWasmKernels();
  installKernelThreads();
  setFastGradients(fast);
  return inUse;
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
 * per core), fastGradients true. On wasm it registers, once and for wasm only, cpu fallbacks for
 * missing kernels, fixes for wrong ones and the fast gradient paths. Idempotent; switching to 'cpu'
 * later gives stock TF.js, switching back restores the engine. 'tensorflow' needs
 * @tensorflow/tfjs-node installed by the user.
 */
export async function setupBackend(options: SetupBackendOptions = {}): Promise<EngineInfo> {
  check(options != null && typeof options === 'object', 'options', 'must be an object');
  const backend = checkChoice(options.backend ?? DEFAULT_ENGINE_BACKEND, ENGINE_BACKENDS, 'backend');
  const threads = resolveThreads(options.threads);
  const fast = options.fastGradients ?? true;
  check(typeof fast === 'boolean', 'fastGradients', `must be true or false; got ${String(fast)}`);
  const notes: string[] = [];
  let threadsInUse = 1;
  if (backend === 'wasm') threadsInUse = await setupWasm(threads, fast, notes);
  else if (backend === 'cpu') {
    if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend failed to initialize');
  } else await setupTensorflow();
  await tf.ready();
  const report = backend === 'wasm' ? installWasmKernels() : { cpuFallbacks: [], replaced: [] };
  return {
    backend,
    threads: threadsInUse,
    fastGradients: fastGradientsActive(),
    cpuFallbackKernels: [...report.cpuFallbacks],
    replacedKernels: [...report.replaced],
    notes,
  };
}
