/**
 * Kernels the wasm backend lacks (or gets wrong), run through the cpu backend's kernel on copies.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelBackend, TensorInfo } from './kernel-scope.ts';
import { countPath } from '../path-counts.ts';

/** What the fallback needs from the backend it serves (the wasm backend has all of it). */
export interface HostBackend extends KernelBackend {
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number, values?: tf.backend_util.BackendValues): TensorInfo;
}

interface CpuBackend extends KernelBackend {
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: tf.backend_util.BackendValues): TensorInfo;
  firstUse?: boolean;
}

/** Kernels that have no meaning off the cpu backend's own data layout (complex numbers, canvas). */
const NOT_PORTABLE = new Set(['Complex', 'ComplexAbs', 'Real', 'Imag', 'FFT', 'IFFT', 'Draw']);

function cpuBackend(): CpuBackend {
  const cpu = tf.findBackend('cpu') as unknown as CpuBackend | null;
  if (cpu == null) throw new Error('the cpu backend is not available, so no fallback kernel can run');
  // The cpu backend prints an "install tfjs-node" banner on its first write. Here it is only a helper
  // of another backend the user chose; the banner would be misleading.
  cpu.firstUse = false;
  return cpu;
}

/** Values as the typed array `dtype` stores (some cpu kernels return int32 data as floats). */
function asDtype(values: tf.backend_util.BackendValues, dtype: tf.DataType): tf.backend_util.BackendValues {
  if (dtype === 'int32' && !(values instanceof Int32Array)) return Int32Array.from(values as Float32Array);
  if (dtype === 'float32' && !(values instanceof Float32Array)) return Float32Array.from(values as Int32Array);
  if (dtype === 'bool' && !(values instanceof Uint8Array)) return Uint8Array.from(values as Int32Array);
  return values;
}

function cpuKernelFunc(name: string): tf.KernelFunc {
  const kernel = tf.getKernel(name, 'cpu');
  if (kernel == null) throw new Error(`the cpu backend has no kernel '${name}'`);
  return kernel.kernelFunc;
}

/**
 * Runs the cpu backend's kernel `name` on tensors that live on `host`: copies the inputs out,
 * runs the kernel, copies the outputs back and frees the cpu copies.
 */
export function runOnCpu(
  name: string,
  host: HostBackend,
  inputs: tf.NamedTensorInfoMap | TensorInfo[],
  attrs: tf.NamedAttrMap | undefined,
): TensorInfo | TensorInfo[] {
  const cpu = cpuBackend();
  const kernelFunc = cpuKernelFunc(name);
  countPath(`cpu:${name}`);
  const cpuInputs: TensorInfo[] = [];
  const toCpu = (t: TensorInfo | undefined): TensorInfo | undefined => {
    if (t == null) return t;
    const copy = cpu.makeTensorInfo(t.shape, t.dtype, host.readSync(t.dataId));
    cpuInputs.push(copy);
    return copy;
  };
  const moved = Array.isArray(inputs)
    ? inputs.map(toCpu)
    : Object.fromEntries(Object.entries(inputs).map(([key, t]) => [key, toCpu(t)]));
  try {
    const out = kernelFunc({ inputs: moved as tf.NamedTensorInfoMap, attrs: attrs ?? {}, backend: cpu as unknown as tf.KernelBackend });
    const outs = Array.isArray(out) ? out : [out];
    const results = outs.map((o) => {
      const copy = host.makeOutput(o.shape, o.dtype, undefined, asDtype(cpu.readSync(o.dataId), o.dtype));
      cpu.disposeData(o.dataId, true);
      return copy;
    });
    return Array.isArray(out) ? results : (results[0] as TensorInfo);
  } finally {
    for (const t of cpuInputs) cpu.disposeData(t.dataId, true);
  }
}

/** A kernel for `backendName` that runs the cpu backend's kernel `name` (see runOnCpu). */
export function cpuFallbackKernel(name: string, backendName: string): tf.KernelConfig {
  cpuKernelFunc(name);
  return {
    kernelName: name,
    backendName,
    kernelFunc: ({ inputs, attrs, backend }) => runOnCpu(name, backend as unknown as HostBackend, inputs, attrs),
  };
}

/** Names of the cpu backend's kernels that `backendName` lacks and that can run through a fallback. */
export function missingKernels(backendName: string): string[] {
  const present = new Set(tf.getKernelsForBackend(backendName).map((k) => k.kernelName));
  return tf
    .getKernelsForBackend('cpu')
    .map((k) => k.kernelName)
    .filter((name) => !present.has(name) && !NOT_PORTABLE.has(name));
}
