/**
 * Whether the engine's fast gradient paths act: turned on or off by each install (the latest
 * `fastGradients` option wins) and off when the last handle is disposed, and acting only while the
 * active backend is wasm, so another backend gives stock TF.js behaviour.
 */
import * as tf from '@tensorflow/tfjs';

let enabled = false;

/** Whether the fast gradient paths act now: enabled and the active backend is wasm. */
export function fastGradientsActive(): boolean {
  return enabled && tf.getBackend() === 'wasm';
}

/** Turns the fast gradient paths on or off (install.ts only). */
export function setFastGradients(on: boolean): void {
  enabled = on;
}
