/**
 * Kernels composed of other kernels of the same backend (KernelScope), and the types kernels see.
 */
import * as tf from '@tensorflow/tfjs';

/** Backend-level tensor data handle, as kernels see it. */
export type TensorInfo = tf.TensorInfo;

/** A kernel function's argument, with the backend left to each kernel to type. */
export interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  attrs?: tf.NamedAttrMap;
  backend: unknown;
}

/** The part of a backend that kernels composed here rely on (the wasm and cpu backends both have it). */
export interface KernelBackend {
  readSync(dataId: object): tf.backend_util.BackendValues;
  disposeData(dataId: object, force?: boolean): boolean;
  incRef(dataId: object): void;
}

/**
 * Runs other kernels registered for the same backend from inside a kernel, as the backends' own
 * kernels do, and frees every intermediate result when done (`finish`).
 */
export class KernelScope {
  private readonly intermediates: TensorInfo[] = [];

  constructor(
    readonly backend: KernelBackend,
    readonly backendName: string,
  ) {}

  /** Runs kernel `name` on this scope's backend; the result is freed by `finish` unless kept. */
  run(name: string, inputs: Record<string, TensorInfo> | TensorInfo[], attrs: object = {}): TensorInfo {
    const kernel = tf.getKernel(name, this.backendName);
    if (kernel == null) throw new Error(`kernel '${name}' is not registered for backend '${this.backendName}'`);
    const out = kernel.kernelFunc({
      inputs: inputs as tf.NamedTensorInfoMap,
      attrs: attrs as tf.NamedAttrMap,
      backend: this.backend as unknown as tf.KernelBackend,
    });
    if (Array.isArray(out)) throw new Error(`kernel '${name}' returned several outputs; use runMany`);
    this.intermediates.push(out);
    return out;
  }

  /** Reshape without a copy (the backends' Reshape kernels alias the data). */
  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  /** Frees every intermediate except `result`, which is returned. */
  finish(result: TensorInfo): TensorInfo {
    for (const t of this.intermediates) if (t !== result) this.backend.disposeData(t.dataId);
    this.intermediates.length = 0;
    return result;
  }

  /** Frees every intermediate (use in `finally` when the composed kernel throws). */
  dispose(): void {
    for (const t of this.intermediates) this.backend.disposeData(t.dataId);
    this.intermediates.length = 0;
  }
}

/**
 * Runs `body` with a fresh KernelScope and frees its intermediates afterwards, also when it throws.
 * The tensor `body` returns is kept.
 */
export function composeKernels(
  backend: KernelBackend,
  backendName: string,
  body: (scope: KernelScope) => TensorInfo,
): TensorInfo {
  const scope = new KernelScope(backend, backendName);
  try {
    return scope.finish(body(scope));
  } catch (error) {
    scope.dispose();
    throw error;
  }
}
