/**
 * The engine's kernel jobs on Node worker threads (installed by setupBackend): the job runner for
 * more than one thread that simd/kernel-jobs.ts leaves to the host, one pool per backend memory.
 */
import { kernelJobRunner, setKernelJobRunners } from '../simd/kernel-jobs.ts';
import { backendMemory, isSharedMemory, type SimdBackend } from '../simd/kernel-module.ts';
import { KernelThreads } from './kernel-thread-pool.ts';
import { wasmThreadsInUse } from './wasm-threads.ts';

let holders = 0;
const running: KernelThreads[] = [];

/**
 * Lets the engine's kernel jobs use one helper worker per extra wasm thread (on the threaded build's
 * shared memory). Reference-counted, like the engine's handles: returns the release function (a
 * second call does nothing); the last release stops the workers and leaves jobs on one thread.
 */
export function installKernelThreads(): () => void {
  if (holders++ === 0) {
    setKernelJobRunners((backend) => {
      const count = wasmThreadsInUse() ?? 1;
      if (count <= 1 || !isSharedMemory(backendMemory(backend))) return null;
      const runner = new KernelThreads(backend, count - 1);
      running.push(runner);
      return runner;
    });
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders > 0) return;
    setKernelJobRunners(null);
    running.splice(0).forEach((runner) => runner.stop());
  };
}

/** Chunks the helper workers of `backend` have run (0 on one thread). */
export function workerChunkCount(backend: SimdBackend): number {
  return kernelJobRunner(backend)?.workerChunks ?? 0;
}
