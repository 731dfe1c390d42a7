/**
 * The arithmetic DeepLIFT's rules share: rows split into the inputs' half and the references', state
 * differences, and Captum's rescaled gradient with its near-zero fallback.
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError } from '../../core/errors.ts';

/** Captum's threshold below which |x - x'| counts as zero and the plain derivative is used. Default 1e-10. */
export const DEEPLIFT_EPSILON = 1e-10;

/** What the rules met in one call: kernel name -> number of backward passes through it. */
export type RuleCounts = Map<string, number>;

/** Counts one backward pass through `kernel`. */
export function countRule(counts: RuleCounts, kernel: string): void {
  counts.set(kernel, (counts.get(kernel) ?? 0) + 1);
}

/** Splits rows (axis `axis`, default the batch axis) into the inputs' half and the references'. */
export function halves(t: tf.Tensor, kernel: string, axis = 0): [tf.Tensor, tf.Tensor] {
  const rows = t.shape[axis] ?? 0;
  if (t.rank === 0 || rows % 2 !== 0) {
    throw new SaliencyError(
      'UNSUPPORTED_MODEL',
      `DeepLIFT: a ${kernel} op saw ${rows} row(s); the rule needs the batch axis first, inputs then references (an op outside the batch layout?)`,
    );
  }
  return tf.split(t, 2, axis) as [tf.Tensor, tf.Tensor];
}

/** x - x' for both halves: [d; d]. */
export function stateDifference(t: tf.Tensor, kernel: string, axis = 0): tf.Tensor {
  const [a, b] = halves(t, kernel, axis);
  const d = tf.sub(a, b);
  return tf.concat([d, d], axis);
}

/**
 * `numerator` / Δin, or `fallback` where |Δin| < {@link DEEPLIFT_EPSILON} (Captum's near-zero rule);
 * the division sees 1 there, so no 0/0 reaches a gradient. All three tensors share one shape.
 */
export function nearZeroGuarded(numerator: tf.Tensor, dIn: tf.Tensor, fallback: tf.Tensor): tf.Tensor {
  const tiny = tf.less(tf.abs(dIn), DEEPLIFT_EPSILON);
  return tf.where(tiny, fallback, tf.div(numerator, tf.where(tiny, tf.onesLike(dIn), dIn)));
}

/** m·dy where |Δx| >= eps, else `fallback` (the plain gradient): Captum's `nonlinear`. */
export function rescaled(dy: tf.Tensor, dIn: tf.Tensor, dOut: tf.Tensor, fallback: tf.Tensor): tf.Tensor {
  return nearZeroGuarded(tf.mul(dy, dOut), dIn, fallback);
}

/**
 * The Rescale multiplier from the input half's differences: Δout / Δin, or `derivative` (the
 * kernel's own slope) where |Δin| < eps. Both halves share it: there Δin = 0 exactly in practice, so
 * both halves' slopes agree (Captum takes each half's).
 */
export function rescaleMultiplier(dIn: tf.Tensor, dOut: tf.Tensor, derivative: tf.Tensor): tf.Tensor {
  return nearZeroGuarded(dOut, dIn, derivative);
}

/** dy times the multiplier `m` of the input half, repeated for the references' half. */
export function timesBothHalves(dy: tf.Tensor, m: tf.Tensor, axis = 0): tf.Tensor {
  return tf.mul(dy, tf.concat([m, m], axis));
}
