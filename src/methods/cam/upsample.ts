/**
 * Bilinear resizing of class activation maps to the input's spatial size. Tensor-level and
 * synchronous: call inside tf.tidy.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * How a CAM is brought to the input's size:
 * - `'bilinear'`: half-pixel centres (OpenCV, PyTorch `align_corners=False`, pytorch-grad-cam), so
 *   each map cell covers the block of input pixels it was computed from;
 * - `'align-corners'`: the corner cells land on the corner pixels (scipy `zoom(order=1)`, tf-keras-vis);
 * - `'none'`: the map keeps the layer's resolution.
 */
export type UpsampleMode = 'bilinear' | 'align-corners' | 'none';

/** Every valid {@link UpsampleMode}. */
export const UPSAMPLE_MODES: readonly UpsampleMode[] = ['bilinear', 'align-corners', 'none'];

/** The axes between batch and channels of a channels-last tensor: [1, ..., rank - 2]. */
export function spatialAxes(tensor: tf.Tensor): number[] {
  return Array.from({ length: tensor.rank - 2 }, (_, i) => i + 1);
}

/**
 * Resizes a channels-last tensor [N, ...spatial, C] with one or two spatial axes to
 * [N, ...size, C] bilinearly (`mode` 'bilinear' or 'align-corners').
 */
export function resizeChannelsLast(tensor: tf.Tensor, size: readonly number[], mode: Exclude<UpsampleMode, 'none'>): tf.Tensor {
  const [batch, first, second, channels] =
    tensor.rank === 4 ? tensor.shape : [tensor.shape[0], tensor.shape[1], 1, tensor.shape[2]];
  const as4d = tf.reshape(tensor, [batch as number, first as number, second as number, channels as number]) as tf.Tensor4D;
  const target: [number, number] = [size[0] as number, size[1] ?? 1];
  const resized = tf.image.resizeBilinear(as4d, target, mode === 'align-corners', mode === 'bilinear');
  return tf.reshape(resized, [batch as number, ...size, channels as number]);
}

/** Resizes maps [N, ...spatial] (one or two spatial axes) to [N, ...size]. */
export function resizeMaps(maps: tf.Tensor, size: readonly number[], mode: Exclude<UpsampleMode, 'none'>): tf.Tensor {
  return tf.reshape(resizeChannelsLast(tf.expandDims(maps, -1), size, mode), [maps.shape[0] as number, ...size]);
}
