import * as tf from '@tensorflow/tfjs';
import { activationBackward, type OutputGatedActivation } from './activation-backward.ts';
import { convBackprop, type ConvKind } from './conv-backprop.ts';

type Grads = Record<string, () => tf.Tensor>;

/** The bias gradient of a fused op: dy summed over the axes the bias was broadcast along. */
function biasGradient(biasShape: number[], dy: tf.Tensor): tf.Tensor {
  const axes = tf.broadcast_util.getReductionAxes(biasShape, dy.shape);
  return tf.reshape(axes.length > 0 ? tf.sum(dy, axes) : dy, biasShape);
}

/** Saved [x|a, filter|b, y]; the bias shape travels in the engine's own attribute `biasShape`. */
function splitSaved(saved: tf.Tensor[], attrs: tf.NamedAttrMap): { first: tf.Tensor; second: tf.Tensor; biasShape: number[] | null; y: tf.Tensor } {
  const [first, second, y] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
  return { first, second, biasShape: (attrs['biasShape'] as number[] | null | undefined) ?? null, y };
}

/**
 * Gradient of the FusedConv2D / FusedDepthwiseConv2D kernel (NHWC, activation linear/relu/relu6),
 * each input's gradient computed only when asked for: an input gradient never evaluates the filter
 * or bias gradient. dy through the activation is computed up front: the engine runs each input's
 * gradient in its own tidy, so a tensor shared between them must not be created inside one.
 */
function fusedConvGradient(kernelName: string, kind: ConvKind): tf.GradConfig {
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

/** Gradient of the _FusedMatMul kernel for one [1, m, k] x [1, k, n] product, lazily per input. */
const fusedMatMulGradient: tf.GradConfig = {
  kernelName: '_FusedMatMul',
  inputsToSave: ['a', 'b'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const { first, second, biasShape, y } = splitSaved(saved as tf.Tensor[], attrs);
    const a = first as tf.Tensor3D;
    const b = second as tf.Tensor3D;
    const d = activationBackward(dy as tf.Tensor, y, (attrs as unknown as tf._FusedMatMulAttrs).activation as OutputGatedActivation);
    const grads: Grads = {
      a: () => tf.matMul(d as tf.Tensor3D, b, false, true),
      b: () => tf.matMul(a, d as tf.Tensor3D, true, false),
    };
    if (biasShape != null) grads['bias'] = () => biasGradient(biasShape, d);
    return grads;
  },
};

/** The gradients the engine registers for the fused kernels (none are registered in stock TF.js). */
export const FUSED_GRADIENTS: readonly tf.GradConfig[] = [
  fusedConvGradient('FusedConv2D', 'conv2d'), fusedConvGradient('FusedDepthwiseConv2D', 'depthwise'), fusedMatMulGradient,
];
