import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { installWasmKernels } from './wasm-kernels.ts';

/** Which backend `setupBackend` selects. */
export type EngineBackend = 'wasm' | 'cpu' | 'tensorflow';

/** Options of `setupBackend`. */
export interface SetupBackendOptions {
  /** Backend to use. Default 'wasm'. */
  backend?: EngineBackend;
  /** wasm threads: a count >= 1, or 'auto' for every core. Default 'auto'. */
  threads?: number | 'auto';
  /** Install the fast input-gradient paths on wasm. Default true. */
  fastGradients?: boolean;
}

/** What `setupBackend` made active. */
export interface EngineInfo {
  backend: EngineBackend;
  threads: number;
  fastGradients: boolean;
  cpuFallbackKernels: string[];
}

let wasmFallbacks: string[] | null = null;

/** Selects and prepares a TF.js backend for Node (see SetupBackendOptions for defaults). */
export async function setupBackend(options: SetupBackendOptions = {}): Promise<EngineInfo> {
  const backend = options.backend ?? 'wasm';
  if (!(await tf.setBackend(backend))) throw new Error(`backend '${backend}' failed to initialize`);
  await tf.ready();
  if (backend === 'wasm' && wasmFallbacks == null) wasmFallbacks = installWasmKernels();
  return { backend, threads: 1, fastGradients: false, cpuFallbackKernels: backend === 'wasm' ? [...(wasmFallbacks ?? [])] : [] };
}
