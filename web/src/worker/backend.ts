import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { installEngine, type EngineHandle } from 'tfjs-saliency';
import type { BackendName } from '../protocol.ts';

/**
 * The order backends are tried in when the page names none: the GPU ones (WebGL first, the most
 * mature for gradients in tfjs 4.22), then wasm, then plain JavaScript.
 */
export const BACKEND_PREFERENCE: readonly BackendName[] = ['webgl', 'webgpu', 'wasm', 'cpu'];

// The .wasm binaries are part of the page's own build (Vite copies them as assets), never a CDN.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
});

/** The backend in use, why preferred ones were passed over, and what of it is not at full speed. */
export interface SelectedBackend {
  readonly backend: BackendName;
  /** Why preferred backends were passed over ('' when none was). */
  readonly note: string;
  /** Anything about the backend that does not work as in Node ('' when all does). */
  readonly detail: string;
}

/**
 * Switches tfjs to `requested`, or to the first backend of {@link BACKEND_PREFERENCE} that this
 * browser can run. Left to choose, it passes over WebGL drawn by a software renderer (SwiftShader,
 * llvmpipe: what browsers fall back to without a GPU), which is several times slower than wasm. A
 * requested backend that fails to start (WebGPU without an adapter, say) gives way to the next one
 * that runs, and the note says why.
 */
export async function selectBackend(requested: BackendName | undefined): Promise<SelectedBackend> {
  if (requested !== undefined && !BACKEND_PREFERENCE.includes(requested)) {
    throw new Error(`backend: '${String(requested)}' is not one of ${BACKEND_PREFERENCE.join(', ')}`);
  }
  const software = softwareWebGlRenderer();
  const notes: string[] = [];
  if (requested !== undefined) {
    const failure = await tryBackend(requested);
    if (failure === undefined) return { backend: requested, note: '', detail: fastGradientsProblem };
    notes.push(`${requested} could not start here (${failure})`);
  }
  for (const name of BACKEND_PREFERENCE) {
    if (name === requested) continue;
    if (name === 'webgl' && software !== undefined) continue;
    if ((await tryBackend(name)) !== undefined) continue;
    if (software !== undefined) notes.push(`WebGL skipped: software renderer, ${shorten(software)}`);
    const note = notes.length === 0 ? '' : `(${notes.join('; ')}${requested === undefined ? '' : `: using ${name}`})`;
    return { backend: name, note, detail: fastGradientsProblem };
  }
  throw new Error(`backend: none of ${BACKEND_PREFERENCE.join(', ')} could be started in this browser${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`);
}

/** Which of the engine's fast paths could not be installed on wasm, and why ('' when all were). */
let fastGradientsProblem = '';
/** The wasm engine, installed the first time wasm starts and kept for the worker's life. */
let engine: EngineHandle | undefined;

/**
 * Installs the wasm engine (kernels, gradients, executor hook, and the patches the page allows: a
 * development server's unbundled modules keep tf.fused read-only, and layers outside the executor's
 * folded chains then take TF.js's fused-op gradients, which give the same maps more slowly).
 */
function installWasmEngine(): string {
  engine ??= installEngine();
  const skipped = engine.skippedPatches.map(({ patch, reason }) => `${patch}: ${reason}`);
  return skipped.length === 0 ? '' : `some fast wasm gradient paths off (${skipped.join('; ')})`;
}

/** How long a WebGPU adapter request may take before the page moves on (some browsers never answer). */
const ADAPTER_TIMEOUT_MS = 3000;

/** Whether this browser offers a WebGPU adapter within {@link ADAPTER_TIMEOUT_MS} (headless browsers without a GPU offer none). */
async function hasWebGpuAdapter(): Promise<boolean> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  if (gpu === undefined) return false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ADAPTER_TIMEOUT_MS)));
  try {
    return (await Promise.race([gpu.requestAdapter().catch(() => null), timeout])) != null;
  } finally {
    clearTimeout(timer);
  }
}

function shorten(renderer: string): string {
  return /swiftshader/i.test(renderer) ? 'SwiftShader' : renderer.slice(0, 40);
}

/** The renderer's name when WebGL is drawn in software, else undefined (also when there is no WebGL). */
function softwareWebGlRenderer(): string | undefined {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (gl === null) return undefined;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info === null ? gl.RENDERER : info.UNMASKED_RENDERER_WEBGL));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer) ? renderer : undefined;
  } catch {
    return undefined;
  }
}

/** Switches to `name`; undefined when it runs, else why not. */
async function tryBackend(name: BackendName): Promise<string | undefined> {
  try {
    if (name === 'webgpu') {
      if (!(await hasWebGpuAdapter())) return 'no WebGPU adapter';
      await import('@tensorflow/tfjs-backend-webgpu'); // registers itself; loaded only where it can run
    }
    if (tf.findBackendFactory(name) == null) return 'not registered';
    if (!(await tf.setBackend(name))) return 'it failed to initialise';
    await tf.ready();
    // A backend can register yet fail on its first kernel (e.g. a WebGL context lost at once).
    tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)).dataSync());
    // What the Node engine's setupBackend does for wasm: the kernels stock wasm lacks or gets wrong
    // (Conv2DBackpropFilter, MaxPoolGrad, ...), faster ones, and the fast input-gradient paths.
    if (name === 'wasm') fastGradientsProblem = installWasmEngine();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
