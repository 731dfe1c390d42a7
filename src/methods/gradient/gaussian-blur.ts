/**
 * Gaussian blur over the spatial axes (every axis between batch and channels), as
 * scipy.ndimage.gaussian_filter with sigma 0 on the channel axis, truncate 4 and mode 'constant'
 * (zeros outside): PAIR's Blur IG path. Each axis is blurred by a matrix product, so one call can
 * blur every row with its own sigma.
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../../core/errors.ts';

/** scipy's default kernel half-width in standard deviations. */
export const GAUSSIAN_TRUNCATE = 4;

/**
 * The [length, length] matrix M with (M x)_i = sum_j k(i - j) x_j: scipy's normalised kernel
 * exp(-d^2 / (2 sigma^2)) / sum over |d| <= radius, radius = floor(4 sigma + 0.5), zeros outside
 * the signal. Sigma 0 gives the identity. Row-major, float64.
 */
export function gaussianBlurMatrix(length: number, sigma: number): Float64Array {
  check(Number.isFinite(sigma) && sigma >= 0, 'sigma', `got ${sigma}; expected a number >= 0`);
  const radius = sigma === 0 ? 0 : Math.floor(GAUSSIAN_TRUNCATE * sigma + 0.5);
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, i) => (radius === 0 ? 1 : Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma))));
  const sum = kernel.reduce((a, b) => a + b, 0);
  const matrix = new Float64Array(length * length);
  for (let i = 0; i < length; i++) {
    for (let j = Math.max(0, i - radius); j <= Math.min(length - 1, i + radius); j++) {
      matrix[i * length + j] = (kernel[j - i + radius] as number) / sum;
    }
  }
  return matrix;
}

/** The axes a blur acts on: every axis between the batch axis and the last (channel) axis. */
export function spatialAxes(rank: number): number[] {
  return Array.from({ length: Math.max(0, rank - 2) }, (_, i) => i + 1);
}

/** Per-row matrices for one axis of length L, given L. */
type AxisMatrix = (length: number, row: number) => Float64Array;

/** Blurs row r of `x` (batch first, channels last) with `sigmas[r]`. Call inside tf.tidy. */
export function blurRows(x: tf.Tensor, sigmas: readonly number[], argument = 'input'): tf.Tensor {
  const axes = checkedAxes(x, sigmas, argument);
  const blur: AxisMatrix = (length, r) => gaussianBlurMatrix(length, sigmas[r] as number);
  return axes.reduce((result, axis) => applyAlongAxis(result, axis, blur), x);
}

/**
 * (blur(x, sigma + step) - blur(x, sigma)) / step per row (PAIR's forward difference in sigma),
 * computed without cancellation: with per-axis matrices A = M(sigma + step), B = M(sigma) and
 * D = (A - B) / step taken in float64, the difference is the sum over axes i of B..B D A..A.
 */
export function blurSigmaDifference(x: tf.Tensor, sigmas: readonly number[], step: number, argument = 'input'): tf.Tensor {
  const axes = checkedAxes(x, sigmas, argument);
  const before: AxisMatrix = (length, r) => gaussianBlurMatrix(length, sigmas[r] as number);
  const after: AxisMatrix = (length, r) => gaussianBlurMatrix(length, (sigmas[r] as number) + step);
  const difference: AxisMatrix = (length, r) => {
    const a = after(length, r);
    return before(length, r).map((b, i) => ((a[i] as number) - b) / step);
  };
  const terms = axes.map((_, i) =>
    axes.reduce((result, axis, j) => applyAlongAxis(result, axis, j < i ? before : j === i ? difference : after), x),
  );
  return terms.length === 1 ? (terms[0] as tf.Tensor) : tf.addN(terms);
}

function checkedAxes(x: tf.Tensor, sigmas: readonly number[], argument: string): number[] {
  const axes = spatialAxes(x.rank);
  check(axes.length > 0, argument, `a blur needs spatial axes (shape [batch, ..., channels]); got shape [${x.shape.join(', ')}]`);
  check(sigmas.length === x.shape[0], 'sigmas', `got ${sigmas.length} for a batch of ${x.shape[0]}`);
  return axes;
}

function applyAlongAxis(x: tf.Tensor, axis: number, matrixOf: AxisMatrix): tf.Tensor {
  const length = x.shape[axis] as number;
  const rows = x.shape[0] as number;
  const matrices = new Float32Array(rows * length * length);
  for (let r = 0; r < rows; r++) matrices.set(matrixOf(length, r), r * length * length);
  const others = x.shape.map((_, i) => i).filter((i) => i !== 0 && i !== axis);
  const permutation = [0, axis, ...others];
  const moved = tf.transpose(x, permutation);
  const flat = tf.reshape(moved, [rows, length, -1]) as tf.Tensor3D;
  const blurred = tf.matMul(tf.tensor3d(matrices, [rows, length, length]), flat);
  const inverse = permutation.map((_, i) => permutation.indexOf(i));
  return tf.transpose(tf.reshape(blurred, moved.shape), inverse);
}
