/**
 * What the gradients of the fused kernels share: the bias gradient, the saved tensors, and the
 * gradient config of a fused convolution (FusedConv2D_grad.ts, FusedDepthwiseConv2D_grad.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { activationBackward, type OutputGatedActivation } from './activation-backward.ts';
import { convBackprop, type ConvKind } from './conv-backprop.ts';

/** Lazy gradients by input name. */
export type Grads = Record<string, () => tf.Tensor>;

/** The bias gradient of a fused op: dy summed over the axes the bias was broadcast along. */
export function biasGradient(biasShape: number[], dy: tf.Tensor): tf.Tensor {
  const axes = tf.broadcast_util.getReductionAxes(biasShape, dy.shape);
  return tf.reshape(axes.length > 0 ? tf.sum(dy, axes) : dy, biasShape);
}

/** Saved [x|a, filter|b, y]; the bias shape travels in the engine's own attribute `biasShape`. */
export function splitSaved(saved: tf.Tensor[], attrs: tf.NamedAttrMap): { first: tf.Tensor; second: tf.Tensor; biasShape: number[] | null; y: tf.Tensor } {
  const [first, second, y] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
  return { first, second, biasShape: (attrs['biasShape'] as number[] | null | undefined) ?? null, y };
}

/**
 * Gradient of the FusedConv2D / FusedDepthwiseConv2D kernel (NHWC, activation linear/relu/relu6),
 * each input's gradient computed only when asked for: an input gradient never evaluates the filter
 * or bias gradient. dy through the activation is computed up front: the engine runs each input's
 * gradient in its own tidy, so a tensor shared between them must not be created inside one.
 */
export function fusedConvGradient(kernelName: string, kind: ConvKind): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['x', 'filter'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const { first: x, second: filter, biasShape, y } = splitSaved(saved as tf.Tensor[], attrs);
      const d = activationBackward(dy as tf.Tensor, y, attrs['activation'] as OutputGatedActivation);
      const grads: Grads = convBackprop(kind, x, filter, d, { ...attrs, dataFormat: 'NHWC' });
      if (biasShape != null) grads['bias'] = () => biasGradient(biasShape, d);
      return grads;
    },
  };
}
