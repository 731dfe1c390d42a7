// onnxruntime-web as the library's AsyncOnnxRuntime, in the explorer's worker: the wasm execution
// provider, its binary taken from the page's own build (Vite emits it as an asset; nothing is fetched
// from elsewhere), imported only when a .onnx model is opened. Threads need SharedArrayBuffer, which
// a page only has when it is cross-origin isolated (COOP/COEP headers); elsewhere ORT runs on one.
/// <reference path="./ort-wasm-url.d.ts" />
import type { AsyncOnnxRuntime, AsyncRuntimeSession } from 'tfjs-saliency';
import ortWasm from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';

/** Most intra-op threads used when the page is cross-origin isolated. */
const MAX_THREADS = 4;

let runtime: Promise<AsyncOnnxRuntime> | undefined;

/** The ORT runtime of this worker (loaded once). */
export function ortWebRuntime(): Promise<AsyncOnnxRuntime> {
  runtime ??= start().catch((error: unknown) => {
    runtime = undefined;
    throw error;
  });
  return runtime;
}

async function start(): Promise<AsyncOnnxRuntime> {
  const ort = await import('onnxruntime-web/wasm');
  const threads = globalThis.crossOriginIsolated === true ? Math.max(1, Math.min(MAX_THREADS, navigator.hardwareConcurrency || 1)) : 1;
  ort.env.wasm.wasmPaths = { wasm: new URL(ortWasm, import.meta.url).href };
  ort.env.wasm.numThreads = threads;
  ort.env.wasm.proxy = false;
  ort.env.logLevel = 'error';
  const createSession = async (bytes: Uint8Array): Promise<AsyncRuntimeSession> => {
    const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
    return {
      async run(feeds, outputs) {
        const tensors = Object.fromEntries(Object.entries(feeds).map(([name, t]) => [name, new ort.Tensor('float32', t.data, [...t.dims])]));
        const result = await session.run(tensors, [...outputs]);
        return Object.fromEntries(
          Object.entries(result).map(([name, t]) => {
            if (t.type !== 'float32') throw new Error(`output '${name}' is ${t.type}; expected float32 scores`);
            return [name, { data: t.data as Float32Array, dims: [...t.dims] }];
          }),
        );
      },
      release: () => session.release(),
    };
  };
  return { name: `onnxruntime-web ${ort.env.versions.web ?? ''} (wasm, ${threads} thread${threads === 1 ? '' : 's'})`, createSession };
}
