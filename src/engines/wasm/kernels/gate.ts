/**
 * Gates: dy masked by x in one pass, the shape of the relu / relu6 / clip gradients. `applyGate`
 * runs the engine's TfjsSaliencyGate kernel on wasm and the same rule from stock ops elsewhere.
 */
import * as tf from '@tensorflow/tfjs';

/** Name of the engine's one-pass gate kernel (registered for wasm only). */
export const GATE_KERNEL = 'TfjsSaliencyGate';

/**
 * dy gated element-wise by x. 'scale': dy * g with g = 1 where lo < x <= hi, 0 elsewhere and NaN
 * where x is NaN, as the stock dy * step(x) masks are. 'select': dy where lo <= x <= hi, else 0
 * (also where x is NaN), as the stock where(...) mask is. Bounds are rounded to float32, as a
 * scalar tensor rounds them.
 */
export interface Gate {
  mode: 'scale' | 'select';
  lo: number;
  hi: number;
}

/** Relu's gradient: dy * step(x). */
export const RELU_GATE: Gate = { mode: 'scale', lo: 0, hi: Infinity };
/** Relu6's gradient: dy * [0 < x <= 6]. */
export const RELU6_GATE: Gate = { mode: 'scale', lo: 0, hi: 6 };
/** Relu6's gradient from its output y = relu6(x): dy * [0 < y < 6]; 6 - 2^-21 is the largest float32 below 6. */
export const RELU6_OUTPUT_GATE: Gate = { mode: 'scale', lo: 0, hi: 6 - 2 ** -21 };

/** ClipByValue's gradient: dy where lo <= x <= hi, else 0. */
export function clipGate(lo: number, hi: number): Gate {
  return { mode: 'select', lo, hi };
}

/** The gate from stock ops, for other backends and dtypes. */
function composedGate({ mode, lo, hi }: Gate, dy: tf.Tensor, x: tf.Tensor): tf.Tensor {
  const float = (t: tf.Tensor) => tf.cast(t, 'float32');
  if (mode === 'select') return tf.where(tf.logicalAnd(tf.greaterEqual(x, lo), tf.lessEqual(x, hi)), dy, tf.zerosLike(dy));
  const open = tf.logicalAnd(tf.greater(x, lo), tf.lessEqual(x, hi));
  return tf.mul(dy, tf.where(tf.isNaN(x), float(x), float(open)));
}

/** `gate` applied to dy by x: one pass of the engine's kernel on wasm, stock ops elsewhere. */
export function applyGate(gate: Gate, dy: tf.Tensor, x: tf.Tensor): tf.Tensor {
  const oneKernel = tf.getBackend() === 'wasm' && tf.getKernel(GATE_KERNEL, 'wasm') != null &&
    dy.dtype === 'float32' && x.dtype === 'float32' && tf.util.arraysEqual(dy.shape, x.shape);
  if (!oneKernel) return composedGate(gate, dy, x);
  return tf.engine().runKernel(GATE_KERNEL, { dy, x }, { ...gate } as unknown as tf.NamedAttrMap) as tf.Tensor;
}
