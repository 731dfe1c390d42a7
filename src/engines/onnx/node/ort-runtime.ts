/**
 * The ONNX runtime in Node: onnxruntime-node (an optional dependency) loaded by dynamic import, its
 * native binding driven synchronously (the package's own InferenceSession wraps the same calls in
 * promises). `loadOrtRuntime()` answers the runtime or why it is unavailable. Node only.
 */
import type { OnnxRuntime, RuntimeSession, RuntimeTensor } from '../runtime.ts';

interface OrtTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
  readonly type: string;
}
type TensorConstructor = new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensor;
interface NativeSession {
  loadModel(buffer: ArrayBufferLike, byteOffset: number, byteLength: number, options: Record<string, unknown>): void;
  run(feeds: Record<string, OrtTensor>, fetches: Record<string, null>, options: Record<string, unknown>): Record<string, OrtTensor>;
  dispose(): void;
  endProfiling(): string;
}
interface BindingModule {
  binding: { InferenceSession: new () => NativeSession };
  initOrt(): void;
}

/** The runtime, or the reason it cannot be loaded. */
export type RuntimeLoad = { readonly runtime: OnnxRuntime } | { readonly runtime: null; readonly reason: string };

let loading: Promise<RuntimeLoad> | undefined;

/** Loads onnxruntime-node once per process; never throws. */
export function loadOrtRuntime(): Promise<RuntimeLoad> {
  loading ??= loadOrtRuntimeFrom('onnxruntime-node');
  return loading;
}

/** Loads the onnxruntime-node package named `spec` (not cached; tests name a missing one); never throws. */
export async function loadOrtRuntimeFrom(spec: string): Promise<RuntimeLoad> {
  try {
    const ort = (await import(spec)) as { Tensor: TensorConstructor; env?: { versions?: { node?: string } } };
    const bindingModule = (await import(`${spec}/dist/binding.js`)) as BindingModule & { default?: BindingModule };
    const bound = bindingModule.binding ? bindingModule : (bindingModule.default as BindingModule);
    const version = ort.env?.versions?.node ?? '';
    return { runtime: makeRuntime(ort.Tensor, bound, `onnxruntime-node ${version}`.trim()) };
  } catch (error) {
    return { runtime: null, reason: `onnxruntime-node is not available (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
  }
}

function makeRuntime(Tensor: TensorConstructor, bound: BindingModule, name: string): OnnxRuntime {
  return {
    name,
    createSession(model, options): RuntimeSession {
      bound.initOrt();
      let native: NativeSession | null = new bound.binding.InferenceSession();
      native.loadModel(model.buffer, model.byteOffset, model.byteLength, {
        intraOpNumThreads: options.threads,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
        executionMode: 'sequential',
        enableCpuMemArena: true,
        // Pool threads spin for work inside a run (no wake-up per op: MobileNet v1 has ~170 nodes) and
        // stop when it returns (force_spinning_stop): threads left spinning after a run took the cores
        // from the TF.js seed pass and from the next session (VGG-like 224 at 2 threads: 54 ms per
        // map), threads that never spin wait for a wake-up at every op (4-10% slower at 2 threads).
        extra: { session: { intra_op: { allow_spinning: '1' }, force_spinning_stop: '1' } },
        ...(options.profile ? { enableProfiling: true, profileFilePrefix: options.profile } : {}),
      });
      return {
        run(feeds, outputs) {
          if (!native) throw new Error('ONNX session already released');
          const input: Record<string, OrtTensor> = {};
          for (const [k, v] of Object.entries(feeds)) input[k] = new Tensor('float32', v.data, v.dims);
          const fetches: Record<string, null> = {};
          outputs.forEach((o) => (fetches[o] = null));
          const result = native.run(input, fetches, {});
          const out: Record<string, RuntimeTensor> = {};
          for (const o of outputs) {
            const t = result[o] as OrtTensor;
            out[o] = { data: t.data as Float32Array, dims: [...t.dims] };
          }
          return out;
        },
        endProfiling: () => (options.profile && native ? native.endProfiling() : undefined),
        release() {
          native?.dispose();
          native = null;
        },
      };
    },
  };
}
