import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
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

/**
 * Switches tfjs to `requested`, or to the first backend of {@link BACKEND_PREFERENCE} that this
 * browser can run. A requested backend that fails to start is an error, not a silent fallback.
 */
export async function selectBackend(requested: BackendName | undefined): Promise<BackendName> {
  if (requested !== undefined) {
    if (!BACKEND_PREFERENCE.includes(requested)) {
      throw new Error(`backend: '${String(requested)}' is not one of ${BACKEND_PREFERENCE.join(', ')}`);
    }
    if (!(await tryBackend(requested))) throw new Error(`backend: '${requested}' could not be started in this browser`);
    return requested;
  }
  for (const name of BACKEND_PREFERENCE) {
    if (await tryBackend(name)) return name;
  }
  throw new Error(`backend: none of ${BACKEND_PREFERENCE.join(', ')} could be started in this browser`);
}

async function tryBackend(name: BackendName): Promise<boolean> {
  try {
    if (name === 'webgpu') {
      if (!('gpu' in navigator)) return false;
      await import('@tensorflow/tfjs-backend-webgpu'); // registers itself; loaded only where it can run
    }
    if (tf.findBackendFactory(name) == null || !(await tf.setBackend(name))) return false;
    await tf.ready();
    // A backend can register yet fail on its first kernel (e.g. a WebGL context lost at once).
    tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)).dataSync());
    return true;
  } catch {
    return false;
  }
}
