/**
 * The zero padding the filter-gradient kernels give x: every tap of every output position inside.
 */
import type * as tf from '@tensorflow/tfjs';
import type { KernelScope, TensorInfo } from '../kernels/kernel-scope.ts';

/**
 * x zero-padded as the forward pass saw it, and far enough that every tap of every output position
 * is inside, with each spatial size rounded up to a multiple of `round` (strides).
 */
export function padForTaps(scope: KernelScope, x: TensorInfo, info: tf.backend_util.Conv2DInfo, round: [number, number]): TensorInfo {
  const { top, left } = info.padInfo;
  const span = (out: number, s: number, k: number, d: number) => (out - 1) * s + (k - 1) * d + 1;
  const needH = Math.max(span(info.outHeight, info.strideHeight, info.filterHeight, info.dilationHeight), top + info.inHeight);
  const needW = Math.max(span(info.outWidth, info.strideWidth, info.filterWidth, info.dilationWidth), left + info.inWidth);
  const bottom = Math.ceil(needH / round[0]) * round[0] - top - info.inHeight;
  const right = Math.ceil(needW / round[1]) * round[1] - left - info.inWidth;
  if (top + bottom + left + right === 0) return x;
  return scope.run('PadV2', { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 });
}
