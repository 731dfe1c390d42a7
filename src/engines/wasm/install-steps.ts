/**
 * The steps of an install: kernels, gradients and patches from register.ts, each edit recorded so
 * that the handle's dispose() can undo it exactly.
 */
import * as tf from '@tensorflow/tfjs';
import { fastGradientsActive } from './active.ts';
import { overriddenGradient } from './gradients/override.ts';
import { setOwnGradients } from './gradients/own-gradients.ts';
import { cpuFallbackKernel, missingKernels } from './kernels/cpu-fallback.ts';
import { ENGINE_GRADIENTS, ENGINE_KERNELS, GRADIENT_OVERRIDES, OWN_KERNELS, PATCHES, type KernelSources } from './register.ts';
import type { RegistryEdits } from './registry-edits.ts';

/** A patch the engine could not apply here, and why. */
export interface SkippedPatch {
  readonly patch: string;
  readonly reason: string;
}

/** Registers the engine's wasm kernels and a cpu fallback for every kernel wasm lacks; returns what it registered. */
export function installKernels(edits: RegistryEdits): { cpuFallbackKernels: string[]; replacedKernels: string[]; ownKernels: string[] } {
  const sources: KernelSources = {
    wasm: (name) => {
      const kernel = tf.getKernel(name, 'wasm') as tf.KernelConfig | undefined;
      if (kernel == null) throw new Error(`the wasm backend has no kernel '${name}'`);
      return kernel.kernelFunc;
    },
    cpu: (name) => cpuFallbackKernel(name, 'wasm').kernelFunc,
  };
  // Made before anything is registered, so `wasm` gives the kernels registered before the engine.
  const made = [...ENGINE_KERNELS, ...OWN_KERNELS].map((k) => [k.kernelName, k.make(sources)] as const);
  const missing = missingKernels('wasm');
  for (const name of missing) edits.kernel(name, sources.cpu(name));
  for (const [name, kernelFunc] of made) edits.kernel(name, kernelFunc);
  const replaced = ENGINE_KERNELS.map((k) => k.kernelName);
  return { cpuFallbackKernels: missing.filter((name) => !replaced.includes(name)), replacedKernels: replaced, ownKernels: OWN_KERNELS.map((k) => k.kernelName) };
}

/** Registers the engine's gradients and its overrides of stock ones; returns their kernel names. */
export function installGradients(edits: RegistryEdits): string[] {
  ENGINE_GRADIENTS.forEach((config) => edits.gradient(config));
  const own = new Map<string, tf.GradConfig>();
  for (const override of GRADIENT_OVERRIDES) {
    const stock = tf.getGradient(override.kernelName) as tf.GradConfig | undefined;
    if (stock == null) throw new Error(`TF.js has no gradient for '${override.kernelName}' to override`);
    const config = overriddenGradient(override, stock, fastGradientsActive);
    edits.gradient(config);
    own.set(override.kernelName, config);
  }
  setOwnGradients(own);
  return [...ENGINE_GRADIENTS.map((c) => c.kernelName), ...own.keys()];
}

/** Applies every patch it can, pushing each one's restore onto `undo`; returns what applied and what did not, and why. */
export function applyPatches(undo: (() => void)[]): { patches: string[]; skippedPatches: SkippedPatch[] } {
  const patches: string[] = [];
  const skippedPatches: SkippedPatch[] = [];
  for (const patch of PATCHES) {
    try {
      undo.push(patch.apply(fastGradientsActive));
      patches.push(patch.name);
    } catch (error) {
      skippedPatches.push({ patch: patch.name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  return { patches, skippedPatches };
}
