import * as tf from '@tensorflow/tfjs';
import { FUSED_GRADIENTS } from './gradients/fused-grad.ts';
import { patchFusedOps } from './patches/fused-ops.ts';
import { registerGradientOverrides } from './gradients/override.ts';
import { setOwnGradients } from './gradients/own-gradients.ts';
import { patchRelu6Layer } from './patches/relu6-layer.ts';

let enabled = false;
let installed = false;

/** Whether the fast gradient paths act now: enabled and the active backend is wasm. */
export function fastGradientsActive(): boolean {
  return enabled && tf.getBackend() === 'wasm';
}

/**
 * Turns the fast gradient paths on or off. They are installed once (the first time they are turned
 * on) and act only while the active backend is wasm, so switching to another backend gives stock
 * TF.js behaviour and switching back restores them: lazy gradients for fused conv/depthwise/matmul
 * ops, cheaper batch-norm / relu / relu6 / clip gradients, dilated conv gradients and the relu6 layer.
 */
export function setFastGradients(on: boolean): void {
  if (on && !installed) {
    // First what can throw (tf.fused is read-only where TF.js is loaded as unbundled ES modules),
    // so that a failure leaves nothing half installed.
    patchFusedOps(fastGradientsActive);
    patchRelu6Layer(fastGradientsActive);
    for (const config of FUSED_GRADIENTS) tf.registerGradient(config);
    const overrides = registerGradientOverrides(fastGradientsActive);
    setOwnGradients(overrides.installed);
    installed = true;
  }
  enabled = on;
}
