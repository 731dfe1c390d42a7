/**
 * The lazy input and filter gradients of a convolution through the backprop kernels (with the
 * engine's `dilations` extension), shared by the fused and dilated convolution gradients.
 */
import * as tf from '@tensorflow/tfjs';

/** Which convolution a gradient belongs to. */
export type ConvKind = 'conv2d' | 'depthwise';

const KERNELS: Record<ConvKind, { input: string; filter: string }> = {
  conv2d: { input: 'Conv2DBackpropInput', filter: 'Conv2DBackpropFilter' },
  depthwise: { input: 'DepthwiseConv2dNativeBackpropInput', filter: 'DepthwiseConv2dNativeBackpropFilter' },
};

/** The `dilations` attribute as a pair (TF.js allows a number, a pair or nothing). */
export function dilationsOf(attrs: tf.NamedAttrMap): [number, number] {
  const d = attrs['dilations'] as number | [number, number] | undefined;
  return d == null ? [1, 1] : typeof d === 'number' ? [d, d] : d;
}

/**
 * The lazy input and filter gradients of a convolution of `x` with `filter` given dy, through the
 * backprop kernels (on wasm the engine's, which also take `dilations`).
 */
export function convBackprop(kind: ConvKind, x: tf.Tensor, filter: tf.Tensor, dy: tf.Tensor, attrs: tf.NamedAttrMap): Record<'x' | 'filter', () => tf.Tensor> {
  const names = KERNELS[kind];
  const common = {
    strides: attrs['strides'], pad: attrs['pad'], dataFormat: attrs['dataFormat'] ?? 'NHWC',
    dimRoundingMode: attrs['dimRoundingMode'], dilations: dilationsOf(attrs),
  } as tf.NamedAttrMap;
  return {
    x: () => tf.engine().runKernel(names.input, { dy, filter }, { ...common, inputShape: x.shape }) as tf.Tensor,
    filter: () => tf.engine().runKernel(names.filter, { x, dy }, { ...common, filterShape: filter.shape }) as tf.Tensor,
  };
}
