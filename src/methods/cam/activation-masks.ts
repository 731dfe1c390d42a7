/**
 * Score-CAM's masks: activation channels chosen per sample (all, or Faster-ScoreCAM's most varied),
 * each resized to an input's size and min-max scaled to [0, 1), multiplying that input.
 * Tensor-level: call inside tf.tidy.
 */
import * as tf from '@tensorflow/tfjs';
import { resizeMaps, spatialAxes, type UpsampleMode } from './upsample.ts';

/** tf-keras-vis's epsilon in the min-max scaling of each mask (`K.epsilon()`). */
export const MASK_EPSILON = 1e-7;

/**
 * The channels of a channels-last activation [N, ...spatial, C] moved to axis 1, [N, K, ...spatial]:
 * every channel (K = C) when `maxN` is undefined, else for each sample the `maxN` channels with the
 * largest spatial standard deviation, in decreasing order of it.
 */
export function selectChannels(activation: tf.Tensor, maxN: number | undefined): tf.Tensor {
  const axes = spatialAxes(activation);
  const channelsFirst = tf.transpose(activation, [0, activation.rank - 1, ...axes]);
  const channels = activation.shape[activation.rank - 1] as number;
  if (maxN === undefined || maxN >= channels) return channelsFirst;
  const deviation = tf.sqrt(tf.moments(activation, axes).variance) as tf.Tensor2D;
  const { indices } = tf.topk(deviation, maxN);
  // Flat row indices n * C + k: tf.gather with batchDims gives wrong rows on the wasm backend (4.22).
  const batch = activation.shape[0] as number;
  const offsets = tf.reshape(tf.range(0, batch * channels, channels, 'int32'), [batch, 1]);
  const rows = tf.add(indices, offsets);
  const spatial = channelsFirst.shape.slice(2);
  const flat = tf.gather(tf.reshape(channelsFirst, [batch * channels, ...spatial]), tf.reshape(rows, [-1]));
  return tf.reshape(flat, [batch, maxN, ...spatial]);
}

/**
 * Masked copies of `input` [N, ...size, channels] for rows `[start, start + count)` of the flattened
 * maps [N * K, ...spatial] (row r comes from sample floor(r / K)): each map resized to the input's
 * spatial size, scaled to [0, 1) by its own min and max, and multiplied into every input channel.
 */
export function maskedInputs(
  input: tf.Tensor,
  maps: tf.Tensor,
  rowSamples: readonly number[],
  start: number,
  mode: Exclude<UpsampleMode, 'none'>,
): tf.Tensor {
  const rows = tf.slice(maps, [start], [rowSamples.length]);
  const resized = resizeMaps(rows, input.shape.slice(1, -1), mode);
  const axes = Array.from({ length: resized.rank - 1 }, (_, i) => i + 1);
  const low = tf.min(resized, axes, true);
  const high = tf.max(resized, axes, true);
  const masks = tf.div(tf.sub(resized, low), tf.add(tf.sub(high, low), MASK_EPSILON));
  const samples = tf.gather(input, tf.tensor1d(rowSamples as number[], 'int32'));
  return tf.mul(samples, tf.expandDims(masks, -1));
}
