/**
 * The engine's own wasm kernels on more than one thread (the KernelJobRunner of kernel-threads.ts).
 * XNNPACK runs its operators on the threaded build's pthread pool, which JS cannot reach; the
 * engine's kernels would run on the main thread only. Here helper worker threads instantiate the
 * same kernel modules on the same shared memory and take chunks of a job (disjoint parts of the
 * output) from the main thread, which takes chunks too: a worker that is slow to wake only takes
 * fewer, so the main thread never waits for work it could do itself. Each chunk makes the same
 * calls in the same order as on one thread, so the results are identical.
 */
import workerThreads from 'node:worker_threads';
import { JOB_KERNELS, kernelsHere, type Chunk, type KernelFunction, type KernelJobRunner, type ThreadedKernel } from '../simd/kernel-jobs.ts';
import { backendMemory, type SimdBackend } from '../simd/kernel-module.ts';
import { scatterKernelModule } from '../simd/scatter-kernels.ts';
import { simdKernelModule } from '../simd/simd-kernels.ts';

const MAX_CHUNKS = 200;
const MAX_ARGUMENTS = 4096 * 10;
/** Int32 slots of the control block: job number, claim word (job number << 8 | next chunk), chunks done, kernel, chunks, arity, worker failure, chunks workers ran; then chunk starts. */
const [SEQ, CLAIM, DONE, KERNEL, CHUNKS, ARITY, FAILED, WORKER_CHUNKS, STARTS] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const ARGS_BYTE_OFFSET = 8 * Math.ceil((STARTS + MAX_CHUNKS + 1) / 2);
/**
 * The worker: instantiates the kernels, then waits for jobs and takes chunks while any are left.
 * Plain JavaScript (it starts without the TypeScript loader).
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { modules, memory, control, names, slots, argsOffset } = workerData;
const [SEQ, CLAIM, DONE, KERNEL, CHUNKS, ARITY, FAILED, WORKER_CHUNKS, STARTS] = slots;
const instances = modules.map((m) => new WebAssembly.Instance(m, { env: { memory } }).exports);
const kernels = names.map((n) => instances.find((e) => n in e)[n]);
const head = new Int32Array(control, 0, argsOffset / 4);
const args = new Float64Array(control, argsOffset);
function work(seq) {
  for (;;) {
    const word = Atomics.load(head, CLAIM);
    if (word >>> 8 !== (seq & 0x7fffff)) return;
    const chunk = word & 0xff;
    if (chunk >= Atomics.load(head, CHUNKS)) return;
    if (Atomics.compareExchange(head, CLAIM, word, word + 1) !== word) continue;
    try {
      const kernel = kernels[head[KERNEL]];
      const arity = head[ARITY];
      for (let call = head[STARTS + chunk]; call < head[STARTS + chunk + 1]; call++) {
        const a = call * arity;
        kernel(args[a], args[a + 1], args[a + 2], args[a + 3], args[a + 4], args[a + 5], args[a + 6], args[a + 7], args[a + 8], args[a + 9]);
      }
    } catch {
      Atomics.store(head, FAILED, 1);
    }
    Atomics.add(head, WORKER_CHUNKS, 1);
    Atomics.add(head, DONE, 1);
    Atomics.notify(head, DONE);
  }
}
let seen = Atomics.load(head, SEQ);
for (;;) {
  Atomics.wait(head, SEQ, seen);
  seen = Atomics.load(head, SEQ);
  work(seen);
}
`;

/** A memory's helper workers and the control block it shares with them. */
export class KernelThreads implements KernelJobRunner {
  private readonly head: Int32Array;
  private readonly args: Float64Array;
  private readonly kernels: KernelFunction[];
  private readonly helpers: workerThreads.Worker[] = [];
  private seq = 0;

  constructor(backend: SimdBackend, private readonly workers: number) {
    const memory = backendMemory(backend);
    const control = new SharedArrayBuffer(ARGS_BYTE_OFFSET + 8 * MAX_ARGUMENTS);
    this.head = new Int32Array(control, 0, ARGS_BYTE_OFFSET / 4);
    this.args = new Float64Array(control, ARGS_BYTE_OFFSET);
    const own = kernelsHere(backend);
    this.kernels = JOB_KERNELS.map((name) => own[name] as KernelFunction);
    const modules = [simdKernelModule(true), scatterKernelModule(true)];
    for (let i = 0; i < workers; i++) {
      const worker = new workerThreads.Worker(WORKER_SOURCE, {
        eval: true,
        execArgv: [],
        workerData: { modules, memory, control, names: JOB_KERNELS, slots: [SEQ, CLAIM, DONE, KERNEL, CHUNKS, ARITY, FAILED, WORKER_CHUNKS, STARTS], argsOffset: ARGS_BYTE_OFFSET },
      });
      // Like the backend's pthread workers, they only serve the main thread: never keep Node alive.
      worker.unref();
      worker.on('error', () => {});
      this.helpers.push(worker);
    }
  }

  /** Stops the helper workers (they take no further jobs). */
  stop(): void {
    this.helpers.splice(0).forEach((worker) => void worker.terminate());
  }

  /** Threads taking chunks: the workers and the calling thread. */
  get threads(): number {
    return this.workers + 1;
  }

  /** Chunks the workers have run so far. */
  get workerChunks(): number {
    return Atomics.load(this.head, WORKER_CHUNKS);
  }

  /** Whether a job of these chunks fits the control block. */
  fits(chunks: readonly Chunk[], arity: number): boolean {
    return chunks.length <= MAX_CHUNKS && chunks.reduce((n, c) => n + c.length, 0) * arity <= MAX_ARGUMENTS;
  }

  /** Runs the chunks here and on the workers; returns when all are done. */
  run(kernel: ThreadedKernel, chunks: readonly Chunk[], arity: number): void {
    const { head, args } = this;
    let call = 0;
    for (let c = 0; c < chunks.length; c++) {
      head[STARTS + c] = call;
      for (const list of chunks[c] as Chunk) {
        for (let k = 0; k < arity; k++) args[call * arity + k] = list[k] as number;
        call++;
      }
    }
    head[STARTS + chunks.length] = call;
    head[KERNEL] = JOB_KERNELS.indexOf(kernel);
    head[ARITY] = arity;
    head[CHUNKS] = chunks.length;
    Atomics.store(head, DONE, 0);
    this.seq = (this.seq + 1) & 0x7fffff;
    Atomics.store(head, CLAIM, this.seq << 8);
    Atomics.store(head, SEQ, this.seq);
    Atomics.notify(head, SEQ);
    const f = this.kernels[head[KERNEL] as number] as KernelFunction;
    for (;;) {
      const word = Atomics.add(head, CLAIM, 1);
      const chunk = word & 0xff;
      if (chunk >= chunks.length) break;
      for (const list of chunks[chunk] as Chunk) f(...list);
      Atomics.add(head, DONE, 1);
    }
    // Claims past the last chunk only raise the counter: no worker takes them (chunk >= CHUNKS).
    for (let spins = 0; ; spins++) {
      const done = Atomics.load(head, DONE);
      if (done >= chunks.length) break;
      if (spins > 1000) Atomics.wait(head, DONE, done, 1);
    }
    if (Atomics.load(head, FAILED) !== 0) throw new Error('an engine kernel failed on a worker thread');
  }
}
