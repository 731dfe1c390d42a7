/**
 * LRP rules on a linear layer z = x W + b (Bach et al. 2015; Montavon et al. 2019), written as zennit
 * writes them: each rule evaluates the layer on modified inputs and weights, divides the upper
 * relevance by a stabilised denominator s = R / (z + eps (sign(z) + [z = 0])), and takes
 * R_in = sum_k x_k (W_k^T s), W^T s being the layer's vector-Jacobian product with weights W_k.
 */
import * as tf from '@tensorflow/tfjs';
import type { LinearOp } from './linear-layers.ts';

/** The rules for linear layers. 'z-plus' is alpha-beta with alpha 1, beta 0. */
export const LINEAR_RULES = ['epsilon', 'gamma', 'alpha-beta', 'z-plus', 'z-box', 'flat', 'w-square'] as const;
/** A rule for linear layers (see {@link LINEAR_RULES}). */
export type LinearRule = (typeof LINEAR_RULES)[number];

/** The rules' parameters. */
export interface RuleParameters {
  /** The epsilon rule's stabiliser. */
  readonly epsilon: number;
  /** Every other rule's stabiliser. */
  readonly stabilizer: number;
  readonly gamma: number;
  readonly alpha: number;
  readonly beta: number;
  /** z-box: the lowest and highest input values. */
  readonly low: number;
  readonly high: number;
}

/** z + eps (sign(z) + [z = 0]): z pushed away from zero by eps, zero counting as positive (zennit's Stabilizer). */
export function stabilize(z: tf.Tensor, eps: number): tf.Tensor {
  return tf.add(z, tf.mul(tf.add(tf.sign(z), tf.cast(tf.equal(z, 0), 'float32')), eps));
}

const positive = (t: tf.Tensor) => tf.relu(t);
const negative = (t: tf.Tensor) => tf.neg(tf.relu(tf.neg(t)));

/** W^T s: the layer's vector-Jacobian product at `x` with kernel `kernel`. */
function transpose(op: LinearOp, x: tf.Tensor, kernel: tf.Tensor, s: tf.Tensor): tf.Tensor {
  return tf.grad((input: tf.Tensor) => op.apply(input, kernel, null))(x, s);
}

/** x W+ (+ b+) + x- W- and the same with the weights' signs swapped: the positive and negative parts of z. */
function signedParts(op: LinearOp, x: tf.Tensor, plus: (w: tf.Tensor) => tf.Tensor, minus: (w: tf.Tensor) => tf.Tensor) {
  const [xp, xn] = [positive(x), negative(x)];
  const [wp, wn] = [plus(op.kernel), minus(op.kernel)];
  const [bp, bn] = op.bias ? [plus(op.bias), minus(op.bias)] : [null, null];
  return {
    xp, xn, wp, wn,
    positivePart: tf.add(op.apply(xp, wp, bp), op.apply(xn, wn, null)),
    negativePart: tf.add(op.apply(xp, wn, bn), op.apply(xn, wp, null)),
  };
}

/** Relevance at the input of `op` from relevance `r` at its (pre-activation) output, by `rule`. */
export function linearRelevance(rule: LinearRule, op: LinearOp, x: tf.Tensor, r: tf.Tensor, p: RuleParameters): tf.Tensor {
  switch (rule) {
    case 'epsilon':
      return tf.mul(x, transpose(op, x, op.kernel, tf.div(r, stabilize(op.apply(x, op.kernel, op.bias), p.epsilon))));
    case 'alpha-beta':
    case 'z-plus': {
      const [alpha, beta] = rule === 'z-plus' ? [1, 0] : [p.alpha, p.beta];
      const { xp, xn, wp, wn, positivePart, negativePart } = signedParts(op, x, positive, negative);
      const sp = tf.div(r, stabilize(positivePart, p.stabilizer));
      const activating = tf.add(tf.mul(xp, transpose(op, x, wp, sp)), tf.mul(xn, transpose(op, x, wn, sp)));
      if (beta === 0) return alpha === 1 ? activating : tf.mul(activating, alpha);
      const sn = tf.div(r, stabilize(negativePart, p.stabilizer));
      const inhibiting = tf.add(tf.mul(xp, transpose(op, x, wn, sn)), tf.mul(xn, transpose(op, x, wp, sn)));
      return tf.sub(tf.mul(activating, alpha), tf.mul(inhibiting, beta));
    }
    case 'gamma': {
      const plus = (w: tf.Tensor) => tf.add(w, tf.mul(positive(w), p.gamma));
      const minus = (w: tf.Tensor) => tf.add(w, tf.mul(negative(w), p.gamma));
      const { xp, xn, wp, wn, positivePart, negativePart } = signedParts(op, x, plus, minus);
      const z = op.apply(x, op.kernel, op.bias);
      const sp = tf.div(tf.mul(r, tf.cast(tf.greater(z, 0), 'float32')), stabilize(positivePart, p.stabilizer));
      const sn = tf.div(tf.mul(r, tf.cast(tf.less(z, 0), 'float32')), stabilize(negativePart, p.stabilizer));
      return tf.addN([tf.mul(xp, transpose(op, x, wp, sp)), tf.mul(xn, transpose(op, x, wn, sp)), tf.mul(xp, transpose(op, x, wn, sn)), tf.mul(xn, transpose(op, x, wp, sn))]);
    }
    case 'z-box': {
      const [low, high] = [tf.fill(x.shape, p.low), tf.fill(x.shape, p.high)];
      const [wp, wn] = [positive(op.kernel), negative(op.kernel)];
      const [bp, bn] = op.bias ? [positive(op.bias), negative(op.bias)] : [null, null];
      const z = tf.sub(tf.sub(op.apply(x, op.kernel, op.bias), op.apply(low, wp, bp)), op.apply(high, wn, bn));
      const s = tf.div(r, stabilize(z, p.stabilizer));
      return tf.sub(tf.sub(tf.mul(x, transpose(op, x, op.kernel, s)), tf.mul(low, transpose(op, x, wp, s))), tf.mul(high, transpose(op, x, wn, s)));
    }
    case 'flat':
    case 'w-square': {
      const kernel = rule === 'flat' ? tf.onesLike(op.kernel) : tf.square(op.kernel);
      const bias = rule === 'flat' || !op.bias ? null : tf.square(op.bias);
      const ones = tf.onesLike(x);
      return transpose(op, ones, kernel, tf.div(r, stabilize(op.apply(ones, kernel, bias), p.stabilizer)));
    }
  }
}
