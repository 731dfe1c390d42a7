/**
 * dy through a fused op's activation (linear / relu / relu6) from its saved output, honouring the
 * Relu / Relu6 gradients registered at the time (guided and rectified backprop).
 */
import * as tf from '@tensorflow/tfjs';
import { applyGate, RELU6_OUTPUT_GATE, RELU_GATE } from '../kernels/gate.ts';
import { isOwnGradient } from './own-gradients.ts';

/** Activations whose backward pass a fused kernel's saved output y is enough for. */
export const OUTPUT_GATED_ACTIVATIONS = ['linear', 'relu', 'relu6'] as const;
/** One of OUTPUT_GATED_ACTIVATIONS. */
export type OutputGatedActivation = (typeof OUTPUT_GATED_ACTIVATIONS)[number];

/** Whether `activation` (a fused op's attribute; undefined = 'linear') is output-gated. */
export function isOutputGated(activation: string | undefined): activation is OutputGatedActivation {
  return (OUTPUT_GATED_ACTIVATIONS as readonly string[]).includes(activation ?? 'linear');
}

/**
 * A stand-in for relu6's input x built from its output y = min(max(x, 0), 6) with the same gates:
 * y where 0 <= y < 6 and 3y (> 6) where y = 6 (x >= 6; only x = 6 exactly gates differently).
 */
function relu6InputStandIn(y: tf.Tensor): tf.Tensor {
  return tf.mul(y, tf.sub(3, tf.mul(2, tf.step(tf.sub(6, y)))));
}

function currentGradient(kernel: string): tf.GradConfig {
  const config = tf.getGradient(kernel);
  if (config?.gradFunc == null) throw new Error(`no gradient is registered for '${kernel}'`);
  return config;
}

/**
 * dy through the activation of a fused op, from its saved output y, by calling the gradient
 * CURRENTLY registered for Relu / Relu6, so a temporary override (guided or rectified backprop)
 * acts on fused layers exactly as on separate ones. For relu, y > 0 iff x > 0, so y stands in for x.
 * When that gradient is the engine's own, one gate pass on y: dy * [y > 0] or dy * [0 < y < 6].
 */
export function activationBackward(dy: tf.Tensor, y: tf.Tensor, activation: OutputGatedActivation): tf.Tensor {
  if (activation === 'linear') return dy;
  const kernel = activation === 'relu' ? 'Relu' : 'Relu6';
  if (isOwnGradient(kernel) && tf.getBackend() === 'wasm') return applyGate(activation === 'relu' ? RELU_GATE : RELU6_OUTPUT_GATE, dy, y);
  const config = currentGradient(kernel);
  const x = activation === 'relu' ? y : relu6InputStandIn(y);
  const grads = config.gradFunc(dy, [x], {}) as Record<string, () => tf.Tensor>;
  const dx = grads['x'];
  if (dx == null) throw new Error(`the gradient registered for '${kernel}' gives no 'x' gradient`);
  return dx();
}
