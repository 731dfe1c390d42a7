/**
 * A module of the engine's own wasm functions over the wasm backend's memory (compiled once per
 * memory kind, instantiated once per memory).
 */
import { wasmModule, type WasmFunction } from './wasm-binary.ts';

/** The parts of the wasm backend the engine's own kernels use. */
export interface SimdBackend {
  wasm: { wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory } };
  getMemoryOffset(dataId: object): number;
}

/** The wasm backend's memory. */
export function backendMemory(backend: SimdBackend): WebAssembly.Memory {
  const memory = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
  if (memory == null) throw new Error('the wasm backend exposes no memory');
  return memory;
}

/** Whether `memory` is a threaded build's shared memory. */
export function isSharedMemory(memory: WebAssembly.Memory): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
}

/**
 * Some of the engine's own wasm functions as one module over the backend's memory: compiled once
 * per memory kind (shared for the threaded build, plain otherwise), instantiated once per memory.
 * `T` names the exported functions.
 */
export class KernelModule<T> {
  private readonly compiled = new Map<boolean, WebAssembly.Module>();
  private readonly instances = new WeakMap<WebAssembly.Memory, T>();

  constructor(private readonly functions: readonly WasmFunction[]) {}

  /** The compiled module for a shared or a plain memory (helper workers instantiate it too). */
  module(sharedMemory: boolean): WebAssembly.Module {
    let module = this.compiled.get(sharedMemory);
    if (module == null) {
      module = new WebAssembly.Module(wasmModule([...this.functions], sharedMemory));
      this.compiled.set(sharedMemory, module);
    }
    return module;
  }

  /** The functions, instantiated on `backend`'s memory. */
  on(backend: SimdBackend): T {
    const memory = backendMemory(backend);
    let kernels = this.instances.get(memory);
    if (kernels == null) {
      kernels = new WebAssembly.Instance(this.module(isSharedMemory(memory)), { env: { memory } }).exports as unknown as T;
      this.instances.set(memory, kernels);
    }
    return kernels;
  }
}
