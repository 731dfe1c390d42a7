/**
 * Regularisers of activation maximisation: penalties on the optimised input that keep it natural
 * (smooth, bounded). tf-keras-vis's TotalVariation2D and Norm, and keras-vis's TotalVariation and
 * LPNorm, each as a per-sample, differentiable tensor function.
 */
import * as tf from '@tensorflow/tfjs';
import { check } from '../../core/errors.ts';

/** A penalty on the optimised input, added to the loss that is minimised. */
export interface Regularizer {
  /** Name in step reports, e.g. 'TotalVariation2D'. */
  readonly name: string;
  /** Whether the penalty applies to an input of this shape (batch axis first); others are left alone. */
  appliesTo(shape: readonly number[]): boolean;
  /** The weighted penalty of each sample, shape [N]. Tensor-level and differentiable: called inside tf.tidy. */
  penalty(input: tf.Tensor): tf.Tensor1D;
}

/** |x| whose gradient at 0 is 0 (TensorFlow's), not -1 (TF.js's Abs gradient). */
function magnitude(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.sign(x));
}

function valuesPerSample(input: tf.Tensor): number {
  return input.shape.slice(1).reduce((a, b) => a * b, 1);
}

function sampleAxes(input: tf.Tensor): number[] {
  return Array.from({ length: input.rank - 1 }, (_, i) => i + 1);
}

function checkWeight(weight: number): void {
  check(Number.isFinite(weight), 'weight', `got ${weight}; expected a finite number`);
}

/**
 * tf-keras-vis `TotalVariation2D(weight)`: `weight * tf.image.total_variation(x) / (H * W * C)`, the
 * sum of absolute differences between vertical and horizontal neighbours. Images [N, H, W, C] only.
 * Default weight 10 (tf-keras-vis's constructor; its ActivationMaximization default uses 1).
 */
export function totalVariation2D(weight = 10): Regularizer {
  checkWeight(weight);
  return {
    name: 'TotalVariation2D',
    appliesTo: (shape) => shape.length === 4,
    penalty: (x) => {
      const [n, h, w, c] = x.shape as [number, number, number, number];
      const vertical = tf.sub(tf.slice(x, [0, 1, 0, 0], [n, h - 1, w, c]), tf.slice(x, [0, 0, 0, 0], [n, h - 1, w, c]));
      const horizontal = tf.sub(tf.slice(x, [0, 0, 1, 0], [n, h, w - 1, c]), tf.slice(x, [0, 0, 0, 0], [n, h, w - 1, c]));
      const total = tf.add(tf.sum(magnitude(vertical), [1, 2, 3]), tf.sum(magnitude(horizontal), [1, 2, 3]));
      return tf.mul(total, weight / valuesPerSample(x)) as tf.Tensor1D;
    },
  };
}

function lpNorm(x: tf.Tensor, p: number): tf.Tensor1D {
  const axes = sampleAxes(x);
  if (p === 1) return tf.sum(magnitude(x), axes) as tf.Tensor1D;
  return tf.pow(tf.sum(tf.pow(magnitude(x), p), axes), 1 / p) as tf.Tensor1D;
}

/**
 * tf-keras-vis `Norm(weight, p)`: `weight * ||x||_p / n^(1/p)` per sample, n values a sample (the
 * p-mean of |x|). Any input. Defaults: weight 10, p 2 (tf-keras-vis's constructor; its
 * ActivationMaximization default is weight 0.3, p 1).
 */
export function norm(weight = 10, p = 2): Regularizer {
  checkWeight(weight);
  check(p >= 1 && Number.isFinite(p), 'p', `got ${p}; expected a finite number >= 1`);
  return {
    name: 'Norm',
    appliesTo: (shape) => shape.length >= 2,
    penalty: (x) => tf.mul(lpNorm(x, p), weight / valuesPerSample(x) ** (1 / p)) as tf.Tensor1D,
  };
}

/** Python's str() of a float, for keras-vis's loss names ('TV(2.0) Loss'). */
function pythonFloat(value: number): string {
  if (value === Infinity) return 'inf';
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

/**
 * keras-vis `TotalVariation(img_input, beta)` times `weight`: per channel, over the neighbours that
 * exist on every spatial axis, sum of (sum over axes of squared differences)^(beta/2), divided by
 * the values a sample has (C*H*W). Inputs with at least one spatial axis. Defaults: beta 2,
 * weight 1 (visualizeActivation weights it 10). With beta < 2 the gradient is infinite where
 * neighbours are equal, as in keras-vis.
 */
export function kerasVisTotalVariation(beta = 2, weight = 1): Regularizer {
  checkWeight(weight);
  check(beta > 0 && Number.isFinite(beta), 'beta', `got ${beta}; expected a positive number`);
  return {
    name: `TV(${pythonFloat(beta)}) Loss`,
    appliesTo: (shape) => shape.length >= 3,
    penalty: (x) => {
      const spatial = x.rank - 2;
      const window = x.shape.map((d, axis) => (axis === 0 || axis === x.rank - 1 ? (d as number) : (d as number) - 1));
      const base = tf.slice(x, x.shape.map(() => 0), window);
      let squares: tf.Tensor | undefined;
      for (let a = 1; a <= spatial; a++) {
        const diff = tf.sub(tf.slice(x, x.shape.map((_, axis) => (axis === a ? 1 : 0)), window), base);
        squares = squares ? tf.add(squares, tf.square(diff)) : tf.square(diff);
      }
      const summed = tf.sum(tf.pow(squares as tf.Tensor, beta / 2), sampleAxes(x));
      return tf.mul(summed, weight / valuesPerSample(x)) as tf.Tensor1D;
    },
  };
}

/**
 * keras-vis `LPNorm(img_input, p)` times `weight`: ||x||_p / (C*H*W) per sample; for p = Infinity
 * keras-vis's max(x) / (C*H*W) (the largest value, not the largest magnitude). Defaults: p 6,
 * weight 1 (visualizeActivation weights it 10).
 */
export function kerasVisLpNorm(p = 6, weight = 1): Regularizer {
  checkWeight(weight);
  check(p >= 1, 'p', `got ${p}; keras-vis needs p >= 1`);
  return {
    name: `L-${pythonFloat(p)} Norm Loss`,
    appliesTo: (shape) => shape.length >= 2,
    penalty: (x) => {
      const value = p === Infinity ? tf.max(x, sampleAxes(x)) : lpNorm(x, p);
      return tf.mul(value, weight / valuesPerSample(x)) as tf.Tensor1D;
    },
  };
}
