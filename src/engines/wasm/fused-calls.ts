/**
 * The fused kernels called directly (FusedConv2D, FusedDepthwiseConv2D, _FusedMatMul) so that the
 * engine's registered gradients for them apply: what the tf.fused patch (patches/fused-ops.ts) and
 * the executor hook (engine.ts) run, while a gradient is recorded on the engine, instead of TF.js's
 * fused ops (which wrap linear ones in a customGrad that always computes the filter and bias
 * gradients, and un-fuse the others).
 */
import * as tf from '@tensorflow/tfjs';
import { fastGradientsActive } from './active.ts';
import { isOutputGated } from './gradients/activation-backward.ts';
import { countPath } from './path-counts.ts';

/** Arguments of tf.fused.conv2d. */
export type FusedConvArgs = Parameters<typeof tf.fused.conv2d>[0];
/** Arguments of tf.fused.depthwiseConv2d. */
export type FusedDepthwiseArgs = Parameters<typeof tf.fused.depthwiseConv2d>[0];
/** Arguments of tf.fused.matMul. */
export type FusedMatMulArgs = Parameters<typeof tf.fused.matMul>[0];

function presentInputs(inputs: Record<string, tf.Tensor | tf.TensorLike | undefined>): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = {};
  for (const [name, t] of Object.entries(inputs)) if (t != null) out[name] = t as tf.Tensor;
  return out;
}

const vectorBias = (bias: tf.Tensor | tf.TensorLike | undefined) => bias == null || (bias as tf.Tensor).rank === 1;
/** The engine's own attribute for the fused gradients (the kernels ignore it). */
const biasShapeOf = (bias: tf.Tensor | tf.TensorLike | undefined) => (bias == null ? null : (bias as tf.Tensor).shape);
const isNHWC = (format: string | undefined) => (format ?? 'NHWC') === 'NHWC';

/** Whether the engine's fast paths act now and a gradient is being recorded. */
export function recordingOnEngine(): boolean {
  return fastGradientsActive() && tf.engine().state.gradientDepth > 0;
}

/** Whether the engine's fused convolution gradient covers `a` (NHWC float32, vector bias, linear/relu/relu6). */
export function fusedConvFits(a: FusedConvArgs | FusedDepthwiseArgs): boolean {
  return isOutputGated(a.activation) && isNHWC(a.dataFormat) && (a.x as tf.Tensor).dtype === 'float32' && vectorBias(a.bias);
}

/** The fused convolution kernel itself on `a`, so the engine's registered gradient applies. */
export function runFusedConv(kernel: 'FusedConv2D' | 'FusedDepthwiseConv2D', a: FusedConvArgs | FusedDepthwiseArgs): tf.Tensor {
  countPath(`fused:${kernel}`);
  const x = a.x as tf.Tensor;
  const x4 = x.rank === 3 ? tf.reshape(x, [1, ...x.shape]) : x;
  const y = tf.engine().runKernel(kernel, presentInputs({ x: x4, filter: a.filter, bias: a.bias }), {
    strides: a.strides, pad: a.pad, dataFormat: 'NHWC', dilations: a.dilations ?? [1, 1],
    dimRoundingMode: a.dimRoundingMode, activation: a.activation ?? 'linear', biasShape: biasShapeOf(a.bias),
  } as unknown as tf.NamedAttrMap) as tf.Tensor;
  return x.rank === 3 ? tf.reshape(y, y.shape.slice(1)) : y;
}

/** Whether the engine's fused matmul gradient covers `a` (two plain matrices, vector bias, linear/relu/relu6). */
export function fusedMatMulFits(a: FusedMatMulArgs): boolean {
  const [left, right] = [a.a as tf.Tensor, a.b as tf.Tensor];
  return isOutputGated(a.activation) && left.rank === 2 && right.rank === 2 && !a.transposeA && !a.transposeB && vectorBias(a.bias);
}

/** The _FusedMatMul kernel itself on `a` (see fusedMatMulFits), so the engine's registered gradient applies. */
export function runFusedMatMul(a: FusedMatMulArgs): tf.Tensor {
  countPath('fused:_FusedMatMul');
  const [left, right] = [a.a as tf.Tensor, a.b as tf.Tensor];
  const [m, k] = left.shape as [number, number];
  const n = right.shape[1] as number;
  const y = tf.engine().runKernel('_FusedMatMul', presentInputs({ a: tf.reshape(left, [1, m, k]), b: tf.reshape(right, [1, k, n]), bias: a.bias }),
    { transposeA: false, transposeB: false, activation: a.activation ?? 'linear', biasShape: biasShapeOf(a.bias) } as unknown as tf.NamedAttrMap) as tf.Tensor;
  return tf.reshape(y, [m, n]);
}
