import * as tf from '@tensorflow/tfjs';
import { convBackprop, dilationsOf, type ConvKind } from './conv-backprop.ts';
import { applyGate, clipGate, RELU6_GATE, RELU_GATE, type Gate } from '../kernels/TfjsSaliencyGate.ts';

type GradFunc = tf.GradConfig['gradFunc'];
type Grads = Record<string, () => tf.Tensor>;
type FastGradFunc = (dy: tf.Tensor, saved: tf.Tensor[], attrs: tf.NamedAttrMap, stock: () => Grads) => Grads | null;

const dilated = (attrs: tf.NamedAttrMap) => dilationsOf(attrs).some((d) => d !== 1);

/**
 * Input gradient of inference batch norm as one broadcast multiply, dy * scale / sqrt(var + eps);
 * the stock gradient computes x - mean and dy * scale at full size and tiles rsqrt(var) even when
 * only dx is asked for. Mean/variance/offset/scale gradients stay stock (computed only if asked).
 */
const batchNorm: FastGradFunc = (dy, saved, attrs, stock) => {
  const [x, , variance, scale] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];
  const eps = attrs['varianceEpsilon'] as number;
  // Each input's gradient runs in its own tidy, so nothing may be shared between them: recompute.
  const lazyStock = (name: string) => () => (stock()[name] as () => tf.Tensor)();
  return {
    x: () => {
      let factor = tf.rsqrt(tf.add(variance, eps));
      if (scale != null) factor = tf.mul(factor, scale);
      return tf.reshape(tf.mul(dy, factor), x.shape);
    },
    mean: lazyStock('mean'), variance: lazyStock('variance'), offset: lazyStock('offset'), scale: lazyStock('scale'),
  };
};

/** A gradient that gates dy by the saved input x in one pass (stock: 2 to 4 full-size kernels). */
const gated = (gateOf: (attrs: tf.NamedAttrMap) => Gate): FastGradFunc => (dy, saved, attrs) => {
  const [x] = saved as [tf.Tensor];
  return { x: () => applyGate(gateOf(attrs), dy, x) };
};

/**
 * Conv2D / DepthwiseConv2dNative with dilation > 1 (stock TF.js has no gradient for them), through
 * the engine's wasm kernels.
 */
const dilatedConv = (kind: ConvKind): FastGradFunc => (dy, saved, attrs) => {
  if (!dilated(attrs)) return null;
  const [x, filter] = saved as [tf.Tensor, tf.Tensor];
  return convBackprop(kind, x, filter, dy, attrs);
};

/** The engine's gradient overrides by kernel name. */
export const GRADIENT_OVERRIDES: Readonly<Record<string, FastGradFunc>> = {
  FusedBatchNorm: batchNorm,
  Relu: gated(() => RELU_GATE),
  Relu6: gated(() => RELU6_GATE),
  ClipByValue: gated((attrs) => clipGate(attrs['clipValueMin'] as number, attrs['clipValueMax'] as number)),
  Conv2D: dilatedConv('conv2d'),
  DepthwiseConv2dNative: dilatedConv('depthwise'),
};

/**
 * Registers, for each override, a gradient that runs it while `active()` (checked when the
 * gradient runs) and the stock gradient otherwise, saving the same tensors as the stock one.
 * Returns the registered configs (by kernel) and a function that restores the stock gradients.
 */
export function registerGradientOverrides(active: () => boolean): { installed: Map<string, tf.GradConfig>; restore: () => void } {
  const installed = new Map<string, tf.GradConfig>();
  const stockConfigs: tf.GradConfig[] = [];
  for (const [kernelName, fast] of Object.entries(GRADIENT_OVERRIDES)) {
    const stock = tf.getGradient(kernelName);
    if (stock == null) throw new Error(`TF.js has no gradient for '${kernelName}' to override`);
    stockConfigs.push(stock);
    const stockGrad = stock.gradFunc as GradFunc;
    const config: tf.GradConfig = {
      ...stock,
      gradFunc: (dy, saved, attrs) => {
        const stockGrads = () => stockGrad(dy, saved, attrs) as Grads;
        return (active() && fast(dy as tf.Tensor, saved as tf.Tensor[], attrs, stockGrads)) || stockGrads();
      },
    };
    tf.registerGradient(config);
    installed.set(kernelName, config);
  }
  return { installed, restore: () => stockConfigs.forEach((c) => tf.registerGradient(c)) };
}
