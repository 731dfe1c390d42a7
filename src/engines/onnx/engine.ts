/**
 * The ONNX engine as the executor sees it (core/engine.ts): a gradient program per (model, wrt,
 * captures, softmax-removed layers, backprop rule), compiled once and cached (at most
 * `maxPrograms`, the oldest released first); a model or layer it cannot compile is remembered with
 * the reason, and the call runs on TF.js with that reason in meta.engine. Browser-safe: the runtime
 * (onnxruntime-node in Node) is given to it.
 */
import * as tf from '@tensorflow/tfjs';
import type { Engine, GradientProgramRequest } from '../../core/engine.ts';
import { SaliencyError } from '../../core/errors.ts';
import { compileProgram, type CompiledProgram } from './program.ts';
import type { OnnxRuntime } from './runtime.ts';

/** Options of {@link createOnnxEngine}. */
export interface OnnxEngineOptions {
  /** Intra-op threads of every session. Default 1. */
  readonly threads?: number;
  /** Compiled programs kept (each holds two native sessions). Default 16. */
  readonly maxPrograms?: number;
}

/** The engine and the release of everything it compiled. */
export interface OnnxEngine extends Engine {
  /** Programs compiled and cached now. */
  programCount(): number;
  /** Releases every cached session. */
  release(): void;
}

function requestKey(r: GradientProgramRequest): string {
  const names = (layers: Iterable<tf.layers.Layer>): string => [...layers].map((l) => l.name).sort().join(',');
  return [r.wrt?.name ?? '', names(r.capture), names(r.linear), r.backprop ?? ''].join('|');
}

/** An ONNX engine over `runtime`. */
export function createOnnxEngine(runtime: OnnxRuntime, options: OnnxEngineOptions = {}): OnnxEngine {
  const threads = options.threads ?? 1;
  const max = options.maxPrograms ?? 16;
  const programs = new WeakMap<object, Map<string, CompiledProgram | { failure: string }>>();
  const order: { model: object; key: string; program: CompiledProgram }[] = [];
  const evict = (): void => {
    const oldest = order.shift();
    if (!oldest) return;
    programs.get(oldest.model)?.delete(oldest.key);
    oldest.program.release();
  };
  return {
    name: 'onnx',
    gradientProgram(request, decline) {
      if (!(request.model instanceof tf.LayersModel)) {
        decline?.({ name: 'tfjs', reason: 'the ONNX engine compiles tf.LayersModel graphs; this model is not one' });
        return null;
      }
      const byKey = programs.get(request.model) ?? programs.set(request.model, new Map()).get(request.model) as Map<string, CompiledProgram | { failure: string }>;
      const key = requestKey(request);
      let entry = byKey.get(key);
      if (!entry) {
        try {
          const program = compileProgram(request, runtime, threads);
          entry = program;
          order.push({ model: request.model, key, program });
          if (order.length > max) evict();
        } catch (error) {
          if (!(error instanceof Error) || !/Unsupported(Layer|Op)Error/.test(error.name)) throw error;
          entry = { failure: `not covered by the ONNX engine: ${error.message}` };
        }
        byKey.set(key, entry);
      }
      if ('failure' in entry) {
        if (request.choice === 'onnx') throw new SaliencyError('UNSUPPORTED_MODEL', `engine: 'onnx' cannot run this model: ${entry.failure}`, 'engine');
        decline?.({ name: 'tfjs', reason: entry.failure });
        return null;
      }
      return entry;
    },
    programCount: () => order.length,
    release() {
      while (order.length > 0) evict();
    },
  };
}
