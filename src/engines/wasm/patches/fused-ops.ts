import * as tf from '@tensorflow/tfjs';
import { isOutputGated } from '../gradients/activation-backward.ts';
import { countPath } from '../path-counts.ts';

type FusedConvArgs = Parameters<typeof tf.fused.conv2d>[0];
type FusedDepthwiseArgs = Parameters<typeof tf.fused.depthwiseConv2d>[0];
type FusedMatMulArgs = Parameters<typeof tf.fused.matMul>[0];

interface FusedOps {
  conv2d: typeof tf.fused.conv2d;
  depthwiseConv2d: typeof tf.fused.depthwiseConv2d;
  matMul: typeof tf.fused.matMul;
}

function presentInputs(inputs: Record<string, tf.Tensor | tf.TensorLike | undefined>): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = {};
  for (const [name, t] of Object.entries(inputs)) if (t != null) out[name] = t as tf.Tensor;
  return out;
}

const vectorBias = (bias: tf.Tensor | tf.TensorLike | undefined) => bias == null || (bias as tf.Tensor).rank === 1;
/** The engine's own attribute for the fused gradients (the kernels ignore it). */
const biasShapeOf = (bias: tf.Tensor | tf.TensorLike | undefined) => (bias == null ? null : (bias as tf.Tensor).shape);
const isNHWC = (format: string | undefined) => (format ?? 'NHWC') === 'NHWC';

function runFusedConv(kernel: 'FusedConv2D' | 'FusedDepthwiseConv2D', a: FusedConvArgs | FusedDepthwiseArgs): tf.Tensor {
  countPath(`fused:${kernel}`);
  const x = a.x as tf.Tensor;
  const x4 = x.rank === 3 ? tf.reshape(x, [1, ...x.shape]) : x;
  const y = tf.engine().runKernel(kernel, presentInputs({ x: x4, filter: a.filter, bias: a.bias }), {
    strides: a.strides, pad: a.pad, dataFormat: 'NHWC', dilations: a.dilations ?? [1, 1],
    dimRoundingMode: a.dimRoundingMode, activation: a.activation ?? 'linear', biasShape: biasShapeOf(a.bias),
  } as unknown as tf.NamedAttrMap) as tf.Tensor;
  return x.rank === 3 ? tf.reshape(y, y.shape.slice(1)) : y;
}

/**
 * Replaces tf.fused.conv2d / depthwiseConv2d / matMul (which tf.layers calls through the mutable
 * `tf.fused` object) with versions that, while `active()` and a gradient is being recorded, run the
 * fused kernel itself so the engine's lazy registered gradient applies. Stock TF.js instead wraps
 * linear fused ops in a customGrad that always computes the filter and bias gradients (slow, and
 * Conv2DBackpropFilter is missing on stock wasm), and un-fuses the others. Returns a function that
 * puts the stock ops back.
 */
export function patchFusedOps(active: () => boolean): () => void {
  const fused = tf.fused as unknown as FusedOps;
  const stock: FusedOps = { conv2d: fused.conv2d, depthwiseConv2d: fused.depthwiseConv2d, matMul: fused.matMul };
  const recording = () => active() && tf.engine().state.gradientDepth > 0;
  const convFits = (a: FusedConvArgs | FusedDepthwiseArgs) =>
    isOutputGated(a.activation) && isNHWC(a.dataFormat) && (a.x as tf.Tensor).dtype === 'float32' && vectorBias(a.bias);

  fused.conv2d = ((a: FusedConvArgs) => (recording() && convFits(a) ? runFusedConv('FusedConv2D', a) : stock.conv2d(a))) as typeof tf.fused.conv2d;
  fused.depthwiseConv2d = ((a: FusedDepthwiseArgs) =>
    recording() && convFits(a) ? runFusedConv('FusedDepthwiseConv2D', a) : stock.depthwiseConv2d(a)) as typeof tf.fused.depthwiseConv2d;
  fused.matMul = ((a: FusedMatMulArgs) => {
    const left = a.a as tf.Tensor;
    const right = a.b as tf.Tensor;
    if (!recording() || !isOutputGated(a.activation) || left.rank !== 2 || right.rank !== 2 || a.transposeA || a.transposeB || !vectorBias(a.bias)) {
      return stock.matMul(a);
    }
    countPath('fused:_FusedMatMul');
    const [m, k] = left.shape as [number, number];
    const n = right.shape[1] as number;
    const y = tf.engine().runKernel('_FusedMatMul', presentInputs({ a: tf.reshape(left, [1, m, k]), b: tf.reshape(right, [1, k, n]), bias: a.bias }),
      { transposeA: false, transposeB: false, activation: a.activation ?? 'linear', biasShape: biasShapeOf(a.bias) } as unknown as tf.NamedAttrMap) as tf.Tensor;
    return tf.reshape(y, [m, n]);
  }) as typeof tf.fused.matMul;

  return () => Object.assign(fused, stock);
}
