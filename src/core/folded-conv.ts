/**
 * Conv2D / DepthwiseConv2D -> BatchNormalization (inference) -> ReLU/ReLU6 as one fused convolution:
 * BN is the per-channel affine map y = x * s + (beta - mean * s), s = gamma / sqrt(variance + epsilon),
 * so it folds into the filter (times s per output channel) and the bias, and the rectifier becomes the
 * fused op's activation. Typed views of the tfjs-layers fields it reads live here too.
 */
import * as tf from '@tensorflow/tfjs';
import { runFoldedConvolution, type FoldableConvKind, type FoldedActivation } from './engine.ts';
import { derivedFromWeights } from './weight-cache.ts';

export type { FoldableConvKind, FoldedActivation } from './engine.ts';

/** A tfjs-layers weight. */
interface LayerVariable {
  read(): tf.Tensor;
}

interface ActivationView {
  getClassName(): string;
}

interface ConvView {
  readonly kernel?: LayerVariable | null;
  readonly depthwiseKernel?: LayerVariable | null;
  readonly bias: LayerVariable | null;
  readonly strides: readonly number[];
  readonly padding: string;
  readonly dataFormat: string;
  readonly dilationRate: number | readonly number[];
  readonly activation?: ActivationView;
}

interface NormView {
  readonly axis: number;
  readonly epsilon: number;
  readonly gamma: LayerVariable | null;
  readonly beta: LayerVariable | null;
  readonly movingMean?: LayerVariable | null;
  readonly movingVariance?: LayerVariable | null;
}

interface RectifierView {
  readonly maxValue?: number | null;
  readonly activation?: ActivationView;
}

const asView = <T>(layer: tf.layers.Layer): T => layer as unknown as T;

/** The kind of a convolution layer a BatchNormalization can fold into, or null (any other layer or setting). */
export function foldableConvKind(layer: tf.layers.Layer): FoldableConvKind | null {
  const name = layer.getClassName();
  if (name !== 'Conv2D' && name !== 'DepthwiseConv2D') return null;
  const conv = asView<ConvView>(layer);
  const kernel = name === 'Conv2D' ? conv.kernel : conv.depthwiseKernel;
  if (kernel == null || conv.dataFormat !== 'channelsLast') return null;
  if (conv.padding !== 'same' && conv.padding !== 'valid') return null;
  if (conv.activation?.getClassName() !== 'linear') return null;
  // tfjs-layers' DepthwiseConv2D ignores its dilation rate; leave such layers to it.
  const dilations = typeof conv.dilationRate === 'number' ? [conv.dilationRate] : conv.dilationRate;
  if (name === 'DepthwiseConv2D' && dilations.some((d) => d !== 1)) return null;
  return name === 'Conv2D' ? 'conv2d' : 'depthwise';
}

/** True for a built BatchNormalization over the last axis of a rank-4 tensor. */
export function isFoldableNorm(layer: tf.layers.Layer): boolean {
  if (layer.getClassName() !== 'BatchNormalization') return false;
  const norm = asView<NormView>(layer);
  return (norm.axis === -1 || norm.axis === 3) && norm.movingMean != null && norm.movingVariance != null;
}

/** The activation a ReLU layer (max 6 or none) or an Activation('relu' | 'relu6') layer applies, else null. */
export function foldableRectifier(layer: tf.layers.Layer): Exclude<FoldedActivation, 'linear'> | null {
  const view = asView<RectifierView>(layer);
  switch (layer.getClassName()) {
    case 'ReLU':
      if (view.maxValue == null) return 'relu';
      return view.maxValue === 6 ? 'relu6' : null;
    case 'Activation': {
      const name = view.activation?.getClassName();
      return name === 'relu' || name === 'relu6' ? name : null;
    }
    default:
      return null;
  }
}

/**
 * `conv` (a layer {@link foldableConvKind} accepts) followed by `norm` (one {@link isFoldableNorm}
 * accepts) and `activation`, applied to `x` as one fused convolution on the active engine
 * (core/engine.ts: TF.js's tf.fused op unless an installed engine offers its own). The folded
 * filter and bias are made from the layers' current weights and kept for as long as those live.
 */
export function foldedConvolution(
  conv: tf.layers.Layer,
  kind: FoldableConvKind,
  norm: tf.layers.Layer,
  activation: FoldedActivation,
  x: tf.Tensor,
): tf.Tensor {
  return tf.tidy(() => {
    const c = asView<ConvView>(conv);
    const { filter, bias } = foldedWeights(c, kind, asView<NormView>(norm));
    const strides = [c.strides[0], c.strides[1]] as [number, number];
    const pad = c.padding as 'same' | 'valid';
    const op = { kind, x: x as tf.Tensor4D, filter, bias, strides, pad, activation };
    if (kind === 'depthwise') return runFoldedConvolution(op);
    const dilations = (typeof c.dilationRate === 'number' ? [c.dilationRate, c.dilationRate] : c.dilationRate) as [number, number];
    return runFoldedConvolution({ ...op, dilations });
  });
}

/** filter * s per output channel and (bias - mean) * s + beta, s = gamma / sqrt(variance + epsilon). */
function foldedWeights(c: ConvView, kind: FoldableConvKind, n: NormView): { filter: tf.Tensor4D; bias: tf.Tensor1D } {
  const kernel = (kind === 'conv2d' ? c.kernel : c.depthwiseKernel) as LayerVariable;
  const parts = {
    kernel: kernel.read(),
    mean: (n.movingMean as LayerVariable).read(),
    variance: (n.movingVariance as LayerVariable).read(),
    gamma: n.gamma?.read(),
    beta: n.beta?.read(),
    bias: c.bias?.read(),
  };
  const sources = Object.values(parts).filter((t): t is tf.Tensor => t !== undefined);
  const scale = (): tf.Tensor => {
    const inverse = tf.rsqrt(tf.add(parts.variance, n.epsilon));
    return parts.gamma ? tf.mul(inverse, parts.gamma) : inverse;
  };
  const filter = derivedFromWeights(sources, `bn-folded-${kind}-filter:${n.epsilon}`, () => {
    const [, , channels, multiplier] = parts.kernel.shape as [number, number, number, number];
    return tf.mul(parts.kernel, kind === 'conv2d' ? scale() : tf.reshape(scale(), [channels, multiplier]));
  }) as tf.Tensor4D;
  const bias = derivedFromWeights(sources, `bn-folded-bias:${n.epsilon}`, () => {
    const shifted = tf.mul(parts.bias ? tf.sub(parts.bias, parts.mean) : tf.neg(parts.mean), scale());
    return parts.beta ? tf.add(shifted, parts.beta) : shifted;
  }) as tf.Tensor1D;
  return { filter, bias };
}
