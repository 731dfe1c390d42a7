/**
 * installEngine: the wasm engine installed as one fenced unit with an off switch. It registers the
 * kernels, gradients and patches of register.ts, makes the engine the executor's (core/engine.ts),
 * and returns a handle whose dispose() puts TF.js back exactly as it was. Browser-safe.
 */
import * as tf from '@tensorflow/tfjs';
import { installActiveEngine } from '../../core/engine.ts';
import { check, SaliencyError } from '../../core/errors.ts';
import { clearDerivedWeights } from '../../core/weight-cache.ts';
import { setFastGradients } from './active.ts';
import { WASM_ENGINE } from './engine.ts';
import { setOwnGradients } from './gradients/own-gradients.ts';
import { applyPatches, installGradients, installKernels, type SkippedPatch } from './install-steps.ts';
import { RegistryEdits } from './registry-edits.ts';

export type { SkippedPatch } from './install-steps.ts';

/** Options of {@link installEngine}. */
export interface InstallEngineOptions {
  /**
   * Let the fast gradient paths act (fused-op gradients, one-pass gates, the relu6 layer, the
   * executor's fused convolutions); the kernels are installed either way. While several handles
   * are held, the latest install's setting holds. Default true.
   */
  fastGradients?: boolean;
}

/** What {@link installEngine} installed, and the dispose() that undoes it. */
export interface EngineHandle {
  /**
   * Releases this handle (a second call does nothing). Releasing the last handle restores TF.js
   * exactly as before the first install: the same kernel and gradient configs (absent ones removed),
   * the same tf.fused functions and ReLU layer `call`, the executor's previous engine; the cache of
   * derived weights is cleared. The active backend is left as it is.
   */
  dispose(): void;
  /** Kernels wasm lacks that run through the cpu backend's kernel. */
  readonly cpuFallbackKernels: readonly string[];
  /** wasm kernels replaced (or added where stock wasm lacks them) by the engine's correct or faster versions. */
  readonly replacedKernels: readonly string[];
  /** The engine's own kernels. */
  readonly ownKernels: readonly string[];
  /** Kernels whose gradient the engine registered or overrides. */
  readonly gradients: readonly string[];
  /** The patches applied. */
  readonly patches: readonly string[];
  /** The patches that could not be applied here (e.g. tf.fused read-only as an ES module namespace), and why. */
  readonly skippedPatches: readonly SkippedPatch[];
}

type Report = Omit<EngineHandle, 'dispose'>;

interface Installation {
  handles: number;
  readonly report: Report;
  readonly restore: () => void;
}

let installation: Installation | null = null;

function install(): Installation {
  if (tf.getKernelsForBackend('wasm').length === 0) {
    throw new SaliencyError('INVALID_ARGUMENT', "installEngine: no wasm kernels are registered; import '@tensorflow/tfjs-backend-wasm' first");
  }
  const edits = new RegistryEdits('wasm');
  const undo: (() => void)[] = [() => edits.restore(), () => setOwnGradients(new Map())];
  const restore = () => {
    setFastGradients(false);
    undo.splice(0).reverse().forEach((step) => step());
    clearDerivedWeights();
  };
  try {
    const kernels = installKernels(edits);
    const gradients = installGradients(edits);
    const patches = applyPatches(undo);
    undo.push(installActiveEngine(WASM_ENGINE));
    return { handles: 0, report: { ...kernels, gradients, ...patches }, restore };
  } catch (error) {
    restore();
    throw error;
  }
}

/**
 * Installs the wasm engine for the wasm backend: a cpu fallback for every kernel wasm lacks,
 * correct versions of the kernels it gets wrong and faster exact ones of slow ones, the engine's
 * gradients and fenced patches, and its executor hook (folded convolutions). Nothing acts off the
 * wasm backend. Where a patch cannot apply (tf.fused is read-only where TF.js is loaded as
 * unbundled ES modules) the rest is installed and `skippedPatches` says why.
 *
 * Reference-counted: the first call installs, later calls return further handles over the same
 * install (setting `fastGradients`), and disposing the last handle restores TF.js exactly; a call
 * after that installs anew. Needs '@tensorflow/tfjs-backend-wasm' loaded, not necessarily active.
 */
export function installEngine(options: InstallEngineOptions = {}): EngineHandle {
  check(options != null && typeof options === 'object', 'options', 'must be an object');
  const fast = options.fastGradients ?? true;
  check(typeof fast === 'boolean', 'fastGradients', `must be true or false; got ${String(fast)}`);
  installation ??= install();
  const held = installation;
  held.handles++;
  setFastGradients(fast);
  let released = false;
  return {
    ...held.report,
    dispose() {
      if (released) return;
      released = true;
      held.handles--;
      if (held.handles > 0 || installation !== held) return;
      installation = null;
      held.restore();
    },
  };
}
