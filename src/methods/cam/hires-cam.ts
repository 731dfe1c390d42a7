/**
 * HiRes-CAM (Draelos & Carin 2020): the gradient times the activation, position by position, summed
 * over channels, `sum_k g_k * A_k`, with no spatial averaging. For a model whose head is linear
 * after the layer (a dense layer on the flattened map) the map sums to the score minus the bias:
 * it shows exactly where the score comes from, which Grad-CAM's averaged weights do not.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import type { Attribution } from '../../core/result.ts';
import { augSmoothed } from './aug-smooth.ts';
import { channelsToMaps, runGradientCam } from './cam-call.ts';
import { camSchema, camSmoothSchema, type CamOptions, type CamSmoothOptions } from './cam-options.ts';
import { defineMethod } from '../definition.ts';
import { defineSchema, resolveOptions } from '../schema.ts';

/** The options of {@link hiResCam}: the CAM options and the smoothing ones. */
export const hiResCamSchema = defineSchema({ ...camSchema, ...camSmoothSchema });

/** Options of {@link hiResCam}. */
export interface HiResCamOptions extends CamOptions, CamSmoothOptions {}

/** The weighted channels of HiRes-CAM, `gradient_k * activation_k`, shape [N, ...spatial, C]. Call inside tf.tidy. */
export function hiResCamWeighted(activation: tf.Tensor, gradient: tf.Tensor): tf.Tensor {
  return tf.mul(gradient, activation);
}

/**
 * HiRes-CAM maps [N, H, W] (the input's spatial shape; the layer's with `upsample: 'none'`),
 * unnormalised; `relu` (default true) keeps the positive part as pytorch-grad-cam does.
 */
export async function hiResCam(model: ExplainableModel | ModelAdapter, input: ModelInput, options: HiResCamOptions = {}): Promise<Attribution> {
  if (options.augSmooth === true) return augSmoothed(hiResCam, model, input, options);
  const settings = { ...options, ...resolveOptions(hiResCamSchema, options, 'hires-cam') };
  return runGradientCam({ model, input, options: settings, method: 'hires-cam' }, (result, call) =>
    channelsToMaps(call, hiResCamWeighted(result.activation, result.gradient)),
  );
}

/** Registry entry of {@link hiResCam}. */
export const hiResCamMethod = defineMethod(
  {
    name: 'hires-cam',
    title: 'HiRes-CAM',
    family: 'cam',
    summary: 'Gradient times activation at every position of a conv layer, summed over channels: where the score comes from, at the layer resolution.',
    mapShape: 'spatial',
    randomized: false,
    needsSpatialLayer: true,
  },
  hiResCamSchema,
  hiResCam,
);
