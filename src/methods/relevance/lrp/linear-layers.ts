/**
 * The linear layers LRP's rules act on, as one shape: z = apply(x, kernel, bias). Dense, Conv2D and
 * DepthwiseConv2D (channels last) read their weights and settings through the public layer API; a
 * BatchNormalization in inference is the elementwise map x s + (beta - mean s), and folds into the
 * linear layer before it (kernel s per output channel, bias (b - mean) s + beta).
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError } from '../../../core/errors.ts';

/** A linear layer as LRP sees it. */
export interface LinearOp {
  /** 'dense' or 'conv' (which decides the composite's rule); 'affine' for an unfolded BatchNormalization. */
  readonly kind: 'dense' | 'conv' | 'affine';
  readonly kernel: tf.Tensor;
  readonly bias: tf.Tensor | null;
  /** z = x * kernel (+ bias when given), with this layer's strides and padding. */
  apply(x: tf.Tensor, kernel: tf.Tensor, bias: tf.Tensor | null): tf.Tensor;
}

/** The class names {@link linearOp} reads. */
export const LINEAR_LAYERS: readonly string[] = ['Dense', 'Conv2D', 'DepthwiseConv2D'];

type Config = Record<string, unknown>;

/** A layer's weights by their short name (kernel, bias, depthwise_kernel, gamma, beta, moving_mean ...). */
function weightsOf(layer: tf.layers.Layer): Map<string, tf.Tensor> {
  return new Map(layer.weights.map((w) => [/([a-z_]+)(?::\d+)?$/.exec(w.originalName.split('/').pop() ?? '')?.[1] ?? w.originalName, w.read()]));
}

function pair(value: unknown): [number, number] {
  return (Array.isArray(value) ? value : [value, value]) as [number, number];
}

function withBias(z: tf.Tensor, bias: tf.Tensor | null): tf.Tensor {
  return bias ? tf.add(z, bias) : z;
}

/** The linear part of a Dense, Conv2D or DepthwiseConv2D layer (its activation is left to the rule's pass-through). */
export function linearOp(layer: tf.layers.Layer): LinearOp {
  const config = layer.getConfig() as Config;
  const weights = weightsOf(layer);
  const name = layer.getClassName();
  const bias = weights.get('bias') ?? null;
  if (name === 'Dense') {
    const kernel = weights.get('kernel') as tf.Tensor2D;
    const apply = (x: tf.Tensor, k: tf.Tensor, b: tf.Tensor | null) => {
      const flat = tf.reshape(x, [-1, x.shape[x.rank - 1] as number]);
      const z = tf.matMul(flat as tf.Tensor2D, k as tf.Tensor2D);
      return withBias(tf.reshape(z, [...x.shape.slice(0, -1), k.shape[1] as number]), b);
    };
    return { kind: 'dense', kernel, bias, apply };
  }
  if (config['dataFormat'] !== 'channelsLast') {
    throw new SaliencyError('UNSUPPORTED_MODEL', `LRP: layer '${layer.name}' (${name}) is channels-first; LRP reads channels-last convolutions`);
  }
  const strides = pair(config['strides']);
  const padding = config['padding'] as 'same' | 'valid';
  const dilations = pair(config['dilationRate'] ?? 1);
  if (name === 'Conv2D') {
    const apply = (x: tf.Tensor, k: tf.Tensor, b: tf.Tensor | null) => withBias(tf.conv2d(x as tf.Tensor4D, k as tf.Tensor4D, strides, padding, 'NHWC', dilations), b);
    return { kind: 'conv', kernel: weights.get('kernel') as tf.Tensor, bias, apply };
  }
  // no dilations: TF.js's DepthwiseConv2D layer ignores its dilationRate, and LRP follows the layer as it computes
  const apply = (x: tf.Tensor, k: tf.Tensor, b: tf.Tensor | null) => withBias(tf.depthwiseConv2d(x as tf.Tensor4D, k as tf.Tensor4D, strides, padding, 'NHWC'), b);
  return { kind: 'conv', kernel: weights.get('depthwise_kernel') as tf.Tensor, bias, apply };
}

/** s and beta - mean s of an inference BatchNormalization over the last axis. Call inside tf.tidy. */
function normAffine(norm: tf.layers.Layer): { scale: tf.Tensor1D; shift: tf.Tensor1D } {
  const config = norm.getConfig() as Config;
  const axis = Array.isArray(config['axis']) ? (config['axis'] as unknown[])[0] : config['axis'];
  const rank = (norm.input as tf.SymbolicTensor | undefined)?.shape?.length;
  if (axis !== -1 && axis !== (rank ?? 0) - 1) {
    throw new SaliencyError('UNSUPPORTED_MODEL', `LRP: BatchNormalization '${norm.name}' normalises axis ${JSON.stringify(config['axis'])}; LRP reads the last axis only`);
  }
  const w = weightsOf(norm);
  const inverse = tf.rsqrt(tf.add(w.get('moving_variance') as tf.Tensor, config['epsilon'] as number));
  const scale = (w.get('gamma') ? tf.mul(inverse, w.get('gamma') as tf.Tensor) : inverse) as tf.Tensor1D;
  const shifted = tf.neg(tf.mul(w.get('moving_mean') as tf.Tensor, scale));
  return { scale, shift: (w.get('beta') ? tf.add(shifted, w.get('beta') as tf.Tensor) : shifted) as tf.Tensor1D };
}

/** An unfolded BatchNormalization as the elementwise linear map z = x s + shift. Call inside tf.tidy. */
export function normOp(norm: tf.layers.Layer): LinearOp {
  const { scale, shift } = normAffine(norm);
  return { kind: 'affine', kernel: scale, bias: shift, apply: (x, k, b) => withBias(tf.mul(x, k), b) };
}

/** `op` followed by BatchNormalization `norm`, as one linear op (BN folded in). Call inside tf.tidy. */
export function foldNorm(op: LinearOp, norm: tf.layers.Layer): LinearOp {
  const { scale, shift } = normAffine(norm);
  const out = op.kernel.shape[op.kernel.rank - 1] as number;
  const perChannel = op.kernel.rank === 4 && op.kind === 'conv' && op.kernel.shape[3] !== scale.shape[0]
    ? tf.reshape(scale, [op.kernel.shape[2] as number, out]) // depthwise: [in, multiplier]
    : scale;
  const kernel = tf.mul(op.kernel, perChannel);
  const bias = tf.add(tf.mul(op.bias ?? tf.zeros(scale.shape), scale), shift);
  return { ...op, kernel, bias };
}
