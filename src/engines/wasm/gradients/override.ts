/**
 * Gradient overrides: the engine's faster version of a gradient TF.js registers, run while the
 * engine is active and falling back to the stock gradient otherwise (or where it declines).
 */
import * as tf from '@tensorflow/tfjs';
import { applyGate, type Gate } from '../kernels/gate.ts';
import { convBackprop, dilationsOf, type ConvKind } from './conv-backprop.ts';
import type { Grads } from './fused-grad.ts';

type GradFunc = tf.GradConfig['gradFunc'];

/** A faster gradient given the stock one (lazily); null declines (the stock one runs). */
export type FastGradFunc = (dy: tf.Tensor, saved: tf.Tensor[], attrs: tf.NamedAttrMap, stock: () => Grads) => Grads | null;

/** The engine's override of the gradient registered for `kernelName`. */
export interface GradientOverride {
  readonly kernelName: string;
  readonly fast: FastGradFunc;
}

const dilated = (attrs: tf.NamedAttrMap) => dilationsOf(attrs).some((d) => d !== 1);

/** A gradient that gates dy by the saved input x in one pass (stock: 2 to 4 full-size kernels). */
export const gated = (gateOf: (attrs: tf.NamedAttrMap) => Gate): FastGradFunc => (dy, saved, attrs) => {
  const [x] = saved as [tf.Tensor];
  return { x: () => applyGate(gateOf(attrs), dy, x) };
};

/**
 * Conv2D / DepthwiseConv2dNative with dilation > 1 (stock TF.js has no gradient for them), through
 * the engine's wasm kernels.
 */
export const dilatedConv = (kind: ConvKind): FastGradFunc => (dy, saved, attrs) => {
  if (!dilated(attrs)) return null;
  const [x, filter] = saved as [tf.Tensor, tf.Tensor];
  return convBackprop(kind, x, filter, dy, attrs);
};

/**
 * The gradient config that runs `override` while `active()` (checked when the gradient runs) and
 * `stock` otherwise, saving the same tensors as `stock`.
 */
export function overriddenGradient(override: GradientOverride, stock: tf.GradConfig, active: () => boolean): tf.GradConfig {
  const stockGrad = stock.gradFunc as GradFunc;
  return {
    ...stock,
    gradFunc: (dy, saved, attrs) => {
      const stockGrads = () => stockGrad(dy, saved, attrs) as Grads;
      return (active() && override.fast(dy as tf.Tensor, saved as tf.Tensor[], attrs, stockGrads)) || stockGrads();
    },
  };
}
