/**
 * Jobs of the engine's own wasm kernels, cut into chunks that write disjoint memory. Browser-safe:
 * the chunks run here in order unless a runner for more threads is installed (Node's helper
 * workers, node/kernel-threads.ts, installed by setupBackend).
 */
import { backendMemory, type SimdBackend } from './kernel-module.ts';
import { scatterKernels } from './scatter-kernels.ts';
import { simdKernels } from './simd-kernels.ts';

/** The kernels a job can call. */
export const JOB_KERNELS = ['scaleByGate', 'selectByGate', 'maxPoolGradStore', 'maxPoolGradAdd', 'scatterMulAdd', 'scatterAdd'] as const;

/** Name of a kernel a job can call. */
export type ThreadedKernel = (typeof JOB_KERNELS)[number];

/** A chunk of a job: the argument lists of its calls, made in order. */
export type Chunk = number[][];

/** A kernel of the engine's own modules, called with numbers only. */
export type KernelFunction = (...args: number[]) => void;

/** Runs jobs on more than one thread. */
export interface KernelJobRunner {
  /** Threads taking chunks, the calling one included. */
  readonly threads: number;
  /** Chunks run by threads other than the calling one so far. */
  readonly workerChunks: number;
  /** Whether a job of these chunks fits the runner. */
  fits(chunks: readonly Chunk[], arity: number): boolean;
  /** Runs the chunks; returns when all are done. */
  run(kernel: ThreadedKernel, chunks: readonly Chunk[], arity: number): void;
}

/**
 * Jobs moving fewer bytes than this run on the calling thread alone: waking a worker costs 20-40 us,
 * and on 2 threads jobs of ~1.5 MB (~0.1-0.3 ms) measured no faster split, ~20 MB ones 0.6-0.8x the time.
 */
let minBytes = 4 * 1024 * 1024;
let runnerFactory: ((backend: SimdBackend) => KernelJobRunner | null) | null = null;
let runners = new WeakMap<WebAssembly.Memory, KernelJobRunner | null>();

/** Installs how runners for more than one thread are made (per backend memory; null: none). */
export function setKernelJobRunners(factory: ((backend: SimdBackend) => KernelJobRunner | null) | null): void {
  runnerFactory = factory;
  runners = new WeakMap();
}

/** The runner of `backend`'s memory, if jobs can use more than one thread there. */
export function kernelJobRunner(backend: SimdBackend): KernelJobRunner | null {
  if (runnerFactory == null) return null;
  const memory = backendMemory(backend);
  let runner = runners.get(memory);
  if (runner === undefined) {
    runner = runnerFactory(backend);
    runners.set(memory, runner);
  }
  return runner;
}

/** How many chunks to cut a job moving `bytes` into on `backend`: 1 where it runs on one thread. */
export function chunkCount(backend: SimdBackend, bytes: number): number {
  if (bytes < minBytes) return 1;
  const runner = kernelJobRunner(backend);
  return runner == null ? 1 : 4 * runner.threads;
}

const ownKernels = new WeakMap<WebAssembly.Memory, Record<string, KernelFunction>>();

/** The job kernels on `backend`'s memory for this thread, by name. */
export function kernelsHere(backend: SimdBackend): Record<string, KernelFunction> {
  const memory = backendMemory(backend);
  let kernels = ownKernels.get(memory);
  if (kernels == null) {
    kernels = { ...simdKernels(backend), ...scatterKernels(backend) } as unknown as Record<string, KernelFunction>;
    ownKernels.set(memory, kernels);
  }
  return kernels;
}

/**
 * Runs `kernel` over `chunks` (each a list of calls' arguments; chunks must write disjoint memory),
 * on more threads where a runner is installed and the backend is multi-threaded, else here in order.
 */
export function runChunks(backend: SimdBackend, kernel: ThreadedKernel, chunks: readonly Chunk[]): void {
  const arity = chunks.find((c) => c.length > 0)?.[0]?.length ?? 0;
  const runner = chunks.length > 1 ? kernelJobRunner(backend) : null;
  if (runner != null && runner.fits(chunks, arity)) {
    runner.run(kernel, chunks, arity);
    return;
  }
  const f = kernelsHere(backend)[kernel] as KernelFunction;
  for (const chunk of chunks) for (const list of chunk) f(...list);
}

/** Settings for tests and measurements: the smallest job (bytes) split between threads. */
export function configureKernelThreads(options: { minBytes: number }): void {
  minBytes = options.minBytes;
}
