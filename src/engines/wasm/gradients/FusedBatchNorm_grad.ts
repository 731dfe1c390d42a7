/**
 * The engine's override of FusedBatchNorm's gradient (inference batch norm).
 */
import * as tf from '@tensorflow/tfjs';
import type { FastGradFunc, GradientOverride } from './override.ts';

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

/** FusedBatchNorm's gradient override. */
export const fusedBatchNormGradient: GradientOverride = { kernelName: 'FusedBatchNorm', fast: batchNorm };
