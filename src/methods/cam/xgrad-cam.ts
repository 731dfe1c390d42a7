/**
 * XGrad-CAM (Fu et al. 2020): each channel weighted by the activation-weighted mean of its
 * gradient, `w_k = sum_space(g_k A_k) / (sum_space A_k + 1e-7)` (pytorch-grad-cam's epsilon), map
 * `sum_k w_k A_k`. The weights follow from the sensitivity and conservation axioms.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelInput } from '../../core/input.ts';
import type { ExplainableModel, ModelAdapter } from '../../core/model.ts';
import type { Attribution } from '../../core/result.ts';
import { augSmoothed } from './aug-smooth.ts';
import { channelsToMaps, runGradientCam } from './cam-call.ts';
import { camSchema, camSmoothSchema, type CamOptions, type CamSmoothOptions } from './cam-options.ts';
import { spatialAxes } from './upsample.ts';
import { defineMethod } from '../definition.ts';
import { defineSchema, resolveOptions } from '../schema.ts';

/** The epsilon added to each channel's activation sum (pytorch-grad-cam's). */
export const XGRAD_CAM_EPSILON = 1e-7;

/** The options of {@link xGradCam}: the CAM options and the smoothing ones. */
export const xGradCamSchema = defineSchema({ ...camSchema, ...camSmoothSchema });

/** Options of {@link xGradCam}. */
export interface XGradCamOptions extends CamOptions, CamSmoothOptions {}

/** The weighted channels `w_k A_k` of XGrad-CAM, shape [N, ...spatial, C]. Call inside tf.tidy. */
export function xGradCamWeighted(activation: tf.Tensor, gradient: tf.Tensor): tf.Tensor {
  const axes = spatialAxes(activation);
  const weights = tf.div(tf.sum(tf.mul(gradient, activation), axes, true), tf.add(tf.sum(activation, axes, true), XGRAD_CAM_EPSILON));
  return tf.mul(weights, activation);
}

/** XGrad-CAM maps [N, H, W] (the input's spatial shape; the layer's with `upsample: 'none'`), unnormalised. */
export async function xGradCam(model: ExplainableModel | ModelAdapter, input: ModelInput, options: XGradCamOptions = {}): Promise<Attribution> {
  if (options.augSmooth === true) return augSmoothed(xGradCam, model, input, options);
  const settings = { ...options, ...resolveOptions(xGradCamSchema, options, 'xgrad-cam') };
  return runGradientCam({ model, input, options: settings, method: 'xgrad-cam' }, (result, call) =>
    channelsToMaps(call, xGradCamWeighted(result.activation, result.gradient)),
  );
}

/** Registry entry of {@link xGradCam}. */
export const xGradCamMethod = defineMethod(
  {
    name: 'xgrad-cam',
    title: 'XGrad-CAM',
    family: 'cam',
    summary: 'Channels weighted by their activation-weighted mean gradient (axiom-based Grad-CAM).',
    mapShape: 'spatial',
    randomized: false,
    needsSpatialLayer: true,
  },
  xGradCamSchema,
  xGradCam,
);
