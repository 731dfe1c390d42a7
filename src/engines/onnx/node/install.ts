/**
 * installOnnxEngine: loads onnxruntime-node (an optional dependency) and installs the ONNX engine
 * above the installed engines until the handle is disposed. Where onnxruntime-node is missing or
 * cannot load on this platform the handle says why and nothing is installed: every call runs on
 * TF.js as before. Node only.
 */
import { installActiveEngine } from '../../../core/engine.ts';
import { check } from '../../../core/errors.ts';
import { createOnnxEngine } from '../engine.ts';
import { loadOrtRuntime } from './ort-runtime.ts';

/** Options of {@link installOnnxEngine}. */
export interface InstallOnnxEngineOptions {
  /** Intra-op threads of ONNX Runtime's sessions (the CLI's --threads). Default 1. */
  readonly threads?: number;
  /** Compiled gradient programs kept per engine (one native session each, more for predicted-class and custom targets). Default 16. */
  readonly maxPrograms?: number;
}

/** What {@link installOnnxEngine} did. */
export interface OnnxEngineHandle {
  /** True when the engine is installed (onnxruntime-node loaded). */
  readonly installed: boolean;
  /** The runtime ('onnxruntime-node 1.30.0') when installed, else why not. */
  readonly detail: string;
  /** Programs compiled so far and still cached. */
  programCount(): number;
  /** Uninstalls the engine and releases every native session it created (a second call does nothing). */
  dispose(): void;
}

/**
 * Installs the ONNX engine: gradient methods on tf.LayersModels it covers run their gradients
 * (and CAM activations) on ONNX Runtime's native CPU kernels; `options.engine` of each call
 * ('auto' default, 'onnx', 'tfjs') and meta.engine say which engine ran and why.
 * @example
 * const onnx = await installOnnxEngine({ threads: 2 });
 * const result = await saliency(model, image);   // result.meta.engine.name === 'onnx'
 * onnx.dispose();
 */
export async function installOnnxEngine(options: InstallOnnxEngineOptions = {}): Promise<OnnxEngineHandle> {
  const threads = options.threads ?? 1;
  check(Number.isInteger(threads) && threads >= 1 && threads <= 256, 'threads', `must be an integer in [1, 256]; got ${String(threads)}`);
  const maxPrograms = options.maxPrograms ?? 16;
  check(Number.isInteger(maxPrograms) && maxPrograms >= 1, 'maxPrograms', `must be a positive integer; got ${String(maxPrograms)}`);
  const load = await loadOrtRuntime();
  if (!load.runtime) return { installed: false, detail: load.reason, programCount: () => 0, dispose: () => undefined };
  const engine = createOnnxEngine(load.runtime, { threads, maxPrograms });
  const remove = installActiveEngine(engine);
  let released = false;
  return {
    installed: true,
    detail: load.runtime.name,
    programCount: () => engine.programCount(),
    dispose() {
      if (released) return;
      released = true;
      remove();
      engine.release();
    },
  };
}
