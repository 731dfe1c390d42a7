import * as tf from '@tensorflow/tfjs';
import { activationBackward, type OutputGatedActivation } from './activation-backward.ts';

type Grads = Record<string, () => tf.Tensor>;

function memo<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}

/** The bias gradient of a fused op: dy summed over the axes the bias was broadcast along. */
function biasGradient(bias: tf.Tensor, dy: tf.Tensor): tf.Tensor {
  const axes = tf.broadcast_util.getReductionAxes(bias.shape, dy.shape);
  return tf.reshape(axes.length > 0 ? tf.sum(dy, axes) : dy, bias.shape);
}

/**
 * The saved tensors of a fused kernel run with only its present inputs and saveAllInputs:
 * [x|a, filter|b, bias?, y].
 */
function splitSaved(saved: tf.Tensor[]): { first: tf.Tensor; second: tf.Tensor; bias: tf.Tensor | undefined; y: tf.Tensor } {
  const [first, second] = saved as [tf.Tensor, tf.Tensor];
  return { first, second, bias: saved.length === 4 ? saved[2] : undefined, y: saved[saved.length - 1] as tf.Tensor };
}

function dilationsOf(attrs: tf.NamedAttrMap): [number, number] {
  const d = attrs['dilations'] as number | [number, number] | undefined;
  return d == null ? [1, 1] : typeof d === 'number' ? [d, d] : d;
}

/**
 * Gradient of the FusedConv2D kernel (NHWC, activation linear/relu/relu6), each input's gradient
 * computed only when asked for: an input gradient never evaluates the filter or bias gradient.
 */
const fusedConv2DGradient: tf.GradConfig = {
  kernelName: 'FusedConv2D',
  saveAllInputs: true,
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const { first: x, second: filter, bias, y } = splitSaved(saved as tf.Tensor[]);
    const a = attrs as unknown as tf.FusedConv2DAttrs;
    const d = memo(() => activationBackward(dy as tf.Tensor, y, a.activation as OutputGatedActivation));
    const common = { strides: a.strides, pad: a.pad, dataFormat: 'NHWC', dimRoundingMode: a.dimRoundingMode, dilations: dilationsOf(attrs) };
    const grads: Grads = {
      x: () => tf.engine().runKernel('Conv2DBackpropInput', { dy: d(), filter }, { ...common, inputShape: x.shape }) as tf.Tensor,
      filter: () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: d() }, { ...common, filterShape: filter.shape }) as tf.Tensor,
    };
    if (bias != null) grads['bias'] = () => biasGradient(bias, d());
    return grads;
  },
};

/** Gradient of the FusedDepthwiseConv2D kernel, lazily per input (see fusedConv2DGradient). */
const fusedDepthwiseConv2DGradient: tf.GradConfig = {
  kernelName: 'FusedDepthwiseConv2D',
  saveAllInputs: true,
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const { first: x, second: filter, bias, y } = splitSaved(saved as tf.Tensor[]);
    const a = attrs as unknown as tf.FusedDepthwiseConv2DAttrs;
    const d = memo(() => activationBackward(dy as tf.Tensor, y, a.activation as OutputGatedActivation));
    const common = { strides: a.strides, pad: a.pad, dimRoundingMode: a.dimRoundingMode, dilations: dilationsOf(attrs) };
    const grads: Grads = {
      x: () => tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy: d(), filter }, { ...common, inputShape: x.shape }) as tf.Tensor,
      filter: () => tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy: d() }, { ...common, filterShape: filter.shape }) as tf.Tensor,
    };
    if (bias != null) grads['bias'] = () => biasGradient(bias, d());
    return grads;
  },
};

/** Gradient of the _FusedMatMul kernel for one [1, m, k] x [1, k, n] product, lazily per input. */
const fusedMatMulGradient: tf.GradConfig = {
  kernelName: '_FusedMatMul',
  saveAllInputs: true,
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const { first, second, bias, y } = splitSaved(saved as tf.Tensor[]);
    const a = first as tf.Tensor3D;
    const b = second as tf.Tensor3D;
    const d = memo(() => activationBackward(dy as tf.Tensor, y, (attrs as unknown as tf._FusedMatMulAttrs).activation as OutputGatedActivation));
    const grads: Grads = {
      a: () => tf.matMul(d() as tf.Tensor3D, b, false, true),
      b: () => tf.matMul(a, d() as tf.Tensor3D, true, false),
    };
    if (bias != null) grads['bias'] = () => biasGradient(bias, d());
    return grads;
  },
};

/** The gradients the engine registers for the fused kernels (none are registered in stock TF.js). */
export const FUSED_GRADIENTS: readonly tf.GradConfig[] = [fusedConv2DGradient, fusedDepthwiseConv2DGradient, fusedMatMulGradient];
