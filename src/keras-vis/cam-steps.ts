/**
 * keras-vis's Grad-CAM post-processing (`visualize_cam_with_losses`), step for step, in float32
 * like NumPy: gradient / (max(gradient) + 1e-7) (this flips every sign when all gradients are
 * negative), channel weights = mean over space, `sum_k w_k A_k`, ReLU, scipy `zoom` (cubic
 * B-spline) to the input's size, then min-max to [0, 1) with epsilon 1e-7.
 */
import { sizeOf, type NdArray } from '../core/ndarray.ts';
import { minMaxNormalize } from '../render/normalize.ts';
import { splineZoom } from './spline-zoom.ts';

/** Keras `K.epsilon()`, keras-vis's "numerical stability" term. */
export const KERAS_EPSILON = 1e-7;

/**
 * One map per sample from a channels-last `activation` [N, ...spatial, C] and the (modified)
 * gradient at it, zoomed to `outSpatial`. Each sample is processed as keras-vis processes a single
 * seed (keras-vis averaged the weights over a batch and returned sample 0 only).
 */
export function kerasVisCamSteps(activation: NdArray, gradient: NdArray, outSpatial: readonly number[]): NdArray {
  const [batch, ...rest] = activation.shape as [number, ...number[]];
  const channels = rest[rest.length - 1] as number;
  const spatial = rest.slice(0, -1);
  const positions = sizeOf(spatial);
  const sampleSize = positions * channels;
  const outSize = sizeOf(outSpatial);
  const out = new Float32Array(batch * outSize);
  for (let n = 0; n < batch; n++) {
    const a = activation.data.subarray(n * sampleSize, (n + 1) * sampleSize);
    const g = gradient.data.subarray(n * sampleSize, (n + 1) * sampleSize);
    const heatmap = rectifiedHeatmap(a, channelWeights(g, channels), channels);
    const zoomed = Float32Array.from(splineZoom(heatmap, spatial, outSpatial));
    out.set(minMaxNormalize(zoomed, KERAS_EPSILON), n * outSize);
  }
  return { data: out, shape: [batch, ...outSpatial] };
}

/** `mean_space(g / (max(g) + 1e-7))` per channel, in float32 steps. */
export function channelWeights(gradient: Float32Array, channels: number): Float32Array {
  let max = -Infinity;
  for (const v of gradient) max = Math.max(max, v);
  const divisor = Math.fround(max + KERAS_EPSILON);
  const sums = new Float64Array(channels);
  for (let i = 0; i < gradient.length; i++) sums[i % channels] += Math.fround((gradient[i] as number) / divisor);
  const positions = gradient.length / channels;
  return Float32Array.from(sums, (s) => s / positions);
}

/** `max(sum_k weights_k A_k, 0)` over a channels-last sample, accumulated in float32 channel by channel. */
function rectifiedHeatmap(activation: Float32Array, weights: Float32Array, channels: number): Float32Array {
  const heatmap = new Float32Array(activation.length / channels);
  weights.forEach((w, k) => {
    for (let p = 0; p < heatmap.length; p++) {
      heatmap[p] = Math.fround((heatmap[p] as number) + Math.fround(w * (activation[p * channels + k] as number)));
    }
  });
  return heatmap.map((v) => Math.max(v, 0));
}
