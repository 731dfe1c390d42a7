import * as tf from '@tensorflow/tfjs';
import { cpuFallbackKernel, missingKernels } from './kernels/cpu-fallback.ts';
import { cachedTransposeMatMul, perChannelBatchNorm, zeroCopyIdentity, zeroCopySameTypeCast } from './kernels/FusedBatchNorm.ts';
import { conv2dBackpropFilter, depthwiseConv2dBackpropFilter } from './kernels/Conv2DBackpropFilter.ts';
import { fastConv2DBackpropInput, fastDepthwiseBackpropInput } from './kernels/Conv2DBackpropInput.ts';
import { GATE_GRADIENT, GATE_KERNEL_CONFIG } from './kernels/TfjsSaliencyGate.ts';
import { maxPoolGradKernel } from './kernels/MaxPoolGrad.ts';

/** wasm kernels that give wrong results in TF.js 4.22 and run on the cpu backend's kernel instead. */
export const WRONG_ON_WASM = ['Conv3DBackpropInputV2', 'MaxPoolWithArgmax', 'MaxPool3DGrad'] as const;

/** What installWasmKernels registered. */
export interface WasmKernelReport {
  /** Kernels wasm lacks that run through the cpu fallback. */
  cpuFallbacks: string[];
  /** Kernels replaced by the engine's own wasm versions. */
  replaced: string[];
}

function register(kernelName: string, kernelFunc: tf.KernelFunc): void {
  if (tf.getKernel(kernelName, 'wasm') != null) tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
}

function stockKernel(name: string): tf.KernelFunc {
  const kernel = tf.getKernel(name, 'wasm');
  if (kernel == null) throw new Error(`the wasm backend has no kernel '${name}'`);
  return kernel.kernelFunc;
}

let report: WasmKernelReport | null = null;

/**
 * Registers, for the wasm backend only and once per process: a cpu fallback for every kernel wasm
 * lacks (nothing fails with "kernel not registered"), correct versions of the kernels wasm gets
 * wrong, and faster exact versions of slow ones (backward convolutions as forward ones, filter
 * gradients as one matrix product, zero-copy Identity, per-channel batch norm, cached W^T), and the
 * engine's own one-pass gate kernel for the relu / relu6 / clip gradients.
 */
export function installWasmKernels(): WasmKernelReport {
  if (report != null) return report;
  const fallbacks = missingKernels('wasm');
  for (const name of fallbacks) tf.registerKernel(cpuFallbackKernel(name, 'wasm'));
  const cpuKernel = (name: string) => cpuFallbackKernel(name, 'wasm').kernelFunc;
  const own: Record<string, tf.KernelFunc> = {
    Conv2DBackpropFilter: conv2dBackpropFilter as unknown as tf.KernelFunc,
    DepthwiseConv2dNativeBackpropFilter: depthwiseConv2dBackpropFilter as unknown as tf.KernelFunc,
    DepthwiseConv2dNativeBackpropInput: fastDepthwiseBackpropInput(cpuKernel('DepthwiseConv2dNativeBackpropInput')),
    Conv2DBackpropInput: fastConv2DBackpropInput(stockKernel('Conv2DBackpropInput')),
    MaxPoolGrad: maxPoolGradKernel,
    Identity: zeroCopyIdentity(stockKernel('Identity')),
    Cast: zeroCopySameTypeCast(stockKernel('Cast')),
    FusedBatchNorm: perChannelBatchNorm(stockKernel('FusedBatchNorm')),
    BatchMatMul: cachedTransposeMatMul(stockKernel('BatchMatMul')),
  };
  for (const name of WRONG_ON_WASM) own[name] = cpuKernel(name);
  for (const [name, kernelFunc] of Object.entries(own)) register(name, kernelFunc);
  register(GATE_KERNEL_CONFIG.kernelName, GATE_KERNEL_CONFIG.kernelFunc);
  tf.registerGradient(GATE_GRADIENT);
  const replaced = Object.keys(own);
  report = { cpuFallbacks: fallbacks.filter((name) => !replaced.includes(name)), replaced };
  return report;
}
