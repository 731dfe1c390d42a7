/**
 * The ONNX engine as the executor sees it (core/engine.ts): a gradient program per (model, wrt,
 * captures, softmax-removed layers, backprop rule) and a forward program per (model, captures,
 * softmax-removed layers), compiled once and cached (at most
 * `maxPrograms`, the oldest released first); a model or layer it cannot compile is remembered with
 * the reason, and the call runs on TF.js with that reason in meta.engine. Browser-safe: the runtime
 * (onnxruntime-node in Node) is given to it.
 */
import * as tf from '@tensorflow/tfjs';
import type { Engine, EngineChoice, EngineNote, ForwardProgramRequest, GradientProgramRequest } from '../../core/engine.ts';
import { SaliencyError } from '../../core/errors.ts';
import { compileForward, type CompiledForward } from './forward-program.ts';
import { compileProgram, type CompiledProgram } from './program.ts';
import type { OnnxRuntime } from './runtime.ts';

/** Options of {@link createOnnxEngine}. */
export interface OnnxEngineOptions {
  /** Intra-op threads of every session. Default 1. */
  readonly threads?: number;
  /** Compiled programs kept (each holds one native session, more for predicted-class and custom targets). Default 16. */
  readonly maxPrograms?: number;
}

/** The engine and the release of everything it compiled. */
export interface OnnxEngine extends Engine {
  /** Programs compiled and cached now. */
  programCount(): number;
  /** Releases every cached session. */
  release(): void;
}

const names = (layers: Iterable<tf.layers.Layer>): string => [...layers].map((l) => l.name).sort().join(',');

function requestKey(r: GradientProgramRequest): string {
  return ['grad', r.wrt?.name ?? '', names(r.capture), names(r.linear), r.backprop ?? ''].join('|');
}

function forwardKey(r: ForwardProgramRequest): string {
  return ['forward', names(r.capture), names(r.linear)].join('|');
}

type Compiled = CompiledProgram | CompiledForward;

/** An ONNX engine over `runtime`. */
export function createOnnxEngine(runtime: OnnxRuntime, options: OnnxEngineOptions = {}): OnnxEngine {
  const threads = options.threads ?? 1;
  const max = options.maxPrograms ?? 16;
  const programs = new WeakMap<object, Map<string, Compiled | { failure: string }>>();
  const order: { model: object; key: string; program: Compiled }[] = [];
  const evict = (): void => {
    const oldest = order.shift();
    if (!oldest) return;
    programs.get(oldest.model)?.delete(oldest.key);
    oldest.program.release();
  };
  /** The cached program of `key` for `request`'s model, compiled by `compile` on first use; null (with the reason) when not covered. */
  function lookup<P extends Compiled>(
    request: { readonly model: tf.LayersModel | tf.GraphModel; readonly choice?: EngineChoice },
    key: string,
    compile: () => P,
    decline: ((note: EngineNote) => void) | undefined,
  ): P | null {
    if (!(request.model instanceof tf.LayersModel)) {
      const reason = 'the ONNX engine compiles tf.LayersModel graphs; this model is not one';
      if (request.choice === 'onnx') throw new SaliencyError('UNSUPPORTED_MODEL', `engine: 'onnx' cannot run this model: ${reason}`, 'engine');
      decline?.({ name: 'tfjs', reason });
      return null;
    }
    const byKey = programs.get(request.model) ?? (programs.set(request.model, new Map()).get(request.model) as Map<string, Compiled | { failure: string }>);
    let entry = byKey.get(key);
    if (!entry) {
      try {
        const program = compile();
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
    return entry as P;
  }
  return {
    name: 'onnx',
    gradientProgram: (request, decline) => lookup(request, requestKey(request), () => compileProgram(request, runtime, threads), decline),
    forwardProgram: (request, decline) => lookup(request, forwardKey(request), () => compileForward(request, runtime, threads), decline),
    programCount: () => order.length,
    release() {
      while (order.length > 0) evict();
    },
  };
}
