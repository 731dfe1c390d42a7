/**
 * DeepLIFT through fused kernels (FusedConv2D, FusedDepthwiseConv2D, _FusedMatMul with a relu or
 * relu6 activation), which an engine may run while a gradient is recorded: the activation's gradient
 * becomes the Rescale multiplier. The bias cancels in z - z', so Δz = linear(x - x') (and y - y' where both
 * halves are on the identity piece, bit for bit what the unfused path divides by); the fallback
 * derivative is read from the output (y > 0, and y < 6 for relu6). The linear part's gradient is the
 * kernel's previously registered gradient, called with activation 'linear'.
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError } from '../../core/errors.ts';
import { countRule, halves, rescaleMultiplier, timesBothHalves, type RuleCounts } from './deeplift-math.ts';

interface FusedKind {
  /** The kernel's first two input names (saved in this order, then the output). */
  readonly names: readonly [string, string];
  /** The axis of the rows (the batch) in the kernel's input and output. */
  readonly rowAxis: (first: tf.Tensor) => number;
  /** The linear part without bias. */
  readonly linear: (first: tf.Tensor, second: tf.Tensor, attrs: tf.NamedAttrMap) => tf.Tensor;
}

const FUSED: Readonly<Record<string, FusedKind>> = {
  FusedConv2D: {
    names: ['x', 'filter'],
    rowAxis: () => 0,
    linear: (x, f, a) =>
      tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, a['strides'] as [number, number], a['pad'] as 'same', 'NHWC', a['dilations'] as [number, number]),
  },
  FusedDepthwiseConv2D: {
    names: ['x', 'filter'],
    rowAxis: () => 0,
    linear: (x, f, a) =>
      tf.depthwiseConv2d(x as tf.Tensor4D, f as tf.Tensor4D, a['strides'] as [number, number], a['pad'] as 'same', 'NHWC', a['dilations'] as [number, number]),
  },
  _FusedMatMul: {
    names: ['a', 'b'],
    rowAxis: (a) => a.rank - 2,
    linear: (a, b, attrs) => tf.matMul(a, b, attrs['transposeA'] as boolean, attrs['transposeB'] as boolean),
  },
};

/** The fused kernels DeepLIFT takes over. */
export const FUSED_KERNELS: readonly string[] = Object.keys(FUSED);

function derivativeFromOutput(y: tf.Tensor, activation: string): tf.Tensor {
  const positive = tf.step(y);
  return activation === 'relu6' ? tf.mul(positive, tf.step(tf.sub(6, y))) : positive;
}

/** Where an output comes from the activation's identity piece (0 < y, and y < 6 for relu6). */
function onIdentity(y: tf.Tensor, activation: string): tf.Tensor {
  const positive = tf.greater(y, 0);
  return activation === 'relu6' ? tf.logicalAnd(positive, tf.less(y, 6)) : positive;
}

function fusedRule(kernelName: string, kind: FusedKind, original: tf.GradConfig, counts: RuleCounts): tf.GradConfig {
  const wanted = original.inputsToSave ?? [];
  if (wanted.some((name) => !kind.names.includes(name)) || original.saveAllInputs) {
    throw new SaliencyError('UNSUPPORTED_MODEL', `DeepLIFT: the gradient registered for ${kernelName} saves inputs it cannot be given (${wanted.join(', ')})`);
  }
  return {
    kernelName,
    inputsToSave: [...kind.names],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [first, second, y] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
      const activation = (attrs['activation'] as string | undefined) ?? 'linear';
      const linearSaved = [...wanted.map((name) => (name === kind.names[0] ? first : second)), ...((original.outputsToSave ?? []).some(Boolean) ? [y] : [])];
      const backward = (d: tf.Tensor) => original.gradFunc(d, linearSaved, { ...attrs, activation: 'linear' });
      if (activation === 'linear') return backward(dy as tf.Tensor);
      if (activation !== 'relu' && activation !== 'relu6') {
        throw new SaliencyError('UNSUPPORTED_MODEL', `DeepLIFT: a ${kernelName} op with activation '${activation}' has no Rescale rule here`);
      }
      countRule(counts, activation === 'relu' ? 'Relu' : 'Relu6');
      const axis = kind.rowAxis(first);
      const [xIn, xRef] = halves(first, kernelName, axis);
      const [yIn, yRef] = halves(y, kernelName, axis);
      const dyOut = tf.sub(yIn, yRef);
      // Where both halves lie on the identity piece, z - z' = y - y' exactly, as on the unfused path.
      const identity = tf.logicalAnd(onIdentity(yIn, activation), onIdentity(yRef, activation));
      const dz = tf.where(identity, dyOut, kind.linear(tf.sub(xIn, xRef), second, attrs));
      const multiplied = timesBothHalves(dy as tf.Tensor, rescaleMultiplier(dz, dyOut, derivativeFromOutput(yIn, activation)), axis);
      return backward(multiplied);
    },
  };
}

/** The fused kernels' DeepLIFT gradients, for the fused kernels that have a registered gradient. */
export function fusedRules(counts: RuleCounts): tf.GradConfig[] {
  return Object.entries(FUSED).flatMap(([kernel, kind]) => {
    const original = tf.getGradient(kernel);
    return original ? [fusedRule(kernel, kind, original, counts)] : [];
  });
}
