import * as tf from '@tensorflow/tfjs';
import { cpuFallbackKernel, missingKernels } from './cpu-fallback.ts';
import { FILTER_GRADIENT_KERNELS } from './filter-gradient-kernels.ts';

function replaceKernel(config: tf.KernelConfig): void {
  if (tf.getKernel(config.kernelName, config.backendName) != null) tf.unregisterKernel(config.kernelName, config.backendName);
  tf.registerKernel(config);
}

/**
 * Registers, for the wasm backend only: a cpu fallback for every kernel wasm lacks (so nothing
 * fails with "kernel not registered"), then the fast filter-gradient kernels over those fallbacks.
 * Returns the names of the kernels that run through the cpu fallback.
 */
export function installWasmKernels(): string[] {
  const fallbacks = missingKernels('wasm');
  for (const name of fallbacks) replaceKernel(cpuFallbackKernel(name, 'wasm'));
  for (const config of FILTER_GRADIENT_KERNELS) replaceKernel(config);
  const fast = new Set(FILTER_GRADIENT_KERNELS.map((k) => k.kernelName));
  return fallbacks.filter((name) => !fast.has(name));
}
